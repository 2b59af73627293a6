package dev.switchboard.upstream;

import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.RequestId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A child of a server whose entry names no {@code protocol}: it gets the gateway's {@code initialize} unchanged; when
 * it refuses it the way a 2026-07-28-only server does, it is asked {@code server/discover} through a
 * {@link StatelessChild}, and if that answers it is served through that from then on and {@code detected} runs once.
 * A legacy child passes through untouched. {@link #send} runs on the link's owner, child messages on the reader
 * thread; neither blocks. Thread safe.
 */
final class ProbingChild implements Upstream {
  private final Upstream.Listener gateway;
  private final Runnable detected;
  private volatile @Nullable Upstream child;
  /** The {@code initialize} whose answer is awaited; null once answered. */
  private volatile Message.@Nullable Request initialize;
  /** Set while probing and after detection: child messages go through it. */
  private volatile @Nullable Probe probe;
  /** Whether the probe succeeded: the gateway's messages go through the stateless child too. */
  private volatile boolean modern;

  /** The stateless side tried on the child, and the listener that reads its answer to the probe. */
  private record Probe(StatelessChild stateless, Upstream.Listener childSide) {}

  ProbingChild(Upstream.Listener gateway, Runnable detected) {
    this.gateway = gateway;
    this.detected = detected;
  }

  /**
   * Whether a refused {@code initialize} looks like a server without it: method not found, invalid params (its
   * request lacks the {@code _meta} 2026-07-28 needs) or an unsupported version naming a modern one it supports.
   */
  static boolean refusedAsModern(JsonRpcError error) {
    return switch (error.code()) {
      case JsonRpcError.METHOD_NOT_FOUND, JsonRpcError.INVALID_PARAMS -> true;
      case JsonRpcError.UNSUPPORTED_PROTOCOL_VERSION -> supportsModern(error.data());
      default -> false;
    };
  }

  private static boolean supportsModern(@Nullable JsonNode data) {
    if (data == null) {
      return false;
    }
    for (JsonNode v : data.path("supported")) {
      if (ProtocolVersion.isModern(v.asString(""))) {
        return true;
      }
    }
    return false;
  }

  /** The listener the stdio child reports to. */
  Upstream.Listener childSide() {
    return new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {
        fromChild(message);
      }

      @Override
      public void onClosed(UpstreamExit exit) {
        gateway.onClosed(exit);
      }
    };
  }

  ProbingChild bind(Upstream child) {
    this.child = child;
    return this;
  }

  /** The stdio child itself (for tests that need its pid). */
  Upstream child() {
    Upstream c = child;
    if (c == null) {
      throw new IllegalStateException("the child is not started yet");
    }
    return c;
  }

  @Override
  public void send(Message message) {
    Probe p = probe;
    if (modern && p != null) {
      p.stateless().send(message);
      return;
    }
    if (message instanceof Message.Request r && r.method().equals("initialize")) {
      initialize = r;
    }
    child().send(message);
  }

  @Override
  public String describe() {
    Probe p = probe;
    return modern && p != null ? p.stateless().describe() : child().describe();
  }

  @Override
  public boolean takesCallerContext() {
    return modern;
  }

  @Override
  public @Nullable RequestId relatedRequest(Message.Request fromServer) {
    Probe p = probe;
    return modern && p != null ? p.stateless().relatedRequest(fromServer) : null;
  }

  @Override
  public boolean isOpen() {
    Upstream c = child;
    return c != null && c.isOpen();
  }

  @Override
  public void close() {
    child().close();
  }

  private void fromChild(Message message) {
    Probe p = probe;
    if (p != null) {
      p.childSide().onMessage(message);
      return;
    }
    Message.Request init = initialize;
    if (init != null && answers(message, init)) {
      initialize = null;
      if (message instanceof Message.ErrorResponse e && refusedAsModern(e.error())) {
        tryStateless(init, e.error());
        return;
      }
    }
    gateway.onMessage(message);
  }

  private static boolean answers(Message message, Message.Request request) {
    return switch (message) {
      case Message.Response r -> r.id().equals(request.id());
      case Message.ErrorResponse e -> request.id().equals(e.id());
      default -> false;
    };
  }

  /** Sends the same {@code initialize} through a stateless child, which asks the child {@code server/discover}. */
  private void tryStateless(Message.Request init, JsonRpcError refusal) {
    StatelessChild stateless = new StatelessChild(new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {
        probed(init, refusal, message);
      }

      @Override
      public void onClosed(UpstreamExit exit) {
        gateway.onClosed(exit);
      }
    }).bind(child());
    probe = new Probe(stateless, stateless.childSide());
    stateless.send(init);
  }

  private void probed(Message.Request init, JsonRpcError refusal, Message message) {
    if (modern || !answers(message, init)) {
      gateway.onMessage(message);
    } else if (message instanceof Message.ErrorResponse e) {
      probe = null; // neither era: later messages pass through as before
      gateway.onMessage(Message.error(init.id(), new JsonRpcError(refusal.code(), "initialize failed ("
          + refusal.message() + ") and so did server/discover (" + e.error().message() + "): it speaks neither a "
          + "legacy MCP revision nor " + ProtocolVersion.V2026_07_28, refusal.data())));
    } else {
      modern = true;
      detected.run();
      gateway.onMessage(message);
    }
  }
}
