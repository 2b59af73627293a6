package dev.switchboard.cli.bridge;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory server session: records what it is sent and answers requests at once through the receiver, as an
 * HTTP transport does, unless a failure is queued for the next send, the next send is held, or answering is switched
 * off. Closing it aborts a held send, as closing an HTTP transport aborts its exchanges. Thread safe enough for tests
 * (one test thread scripts it).
 */
final class FakeTransport implements Transport {
  final List<Message> sent = new CopyOnWriteArrayList<>();
  final List<String> protocolVersions = new CopyOnWriteArrayList<>();
  private final Deque<IOException> failures = new ArrayDeque<>();
  private final Deque<CompletableFuture<Optional<IOException>>> holds = new ConcurrentLinkedDeque<>();
  final List<CompletableFuture<Optional<IOException>>> held = new CopyOnWriteArrayList<>();
  volatile @Nullable Receiver receiver;
  volatile boolean answering = true;
  /** What its answer to {@code initialize} says the server offers. */
  volatile tools.jackson.databind.node.ObjectNode capabilities = Json.object();
  volatile boolean closed;

  /** The next send throws {@code failure} without the server seeing the message. */
  FakeTransport failNext(IOException failure) {
    failures.add(failure);
    return this;
  }

  /**
   * The next send waits until the test completes the returned future: with a failure to throw (the server never saw
   * the message) or empty to go on.
   */
  CompletableFuture<Optional<IOException>> holdNext() {
    CompletableFuture<Optional<IOException>> hold = new CompletableFuture<>();
    holds.add(hold);
    return hold;
  }

  @Override
  public void start(Receiver r) {
    receiver = r;
  }

  @Override
  public void send(Message message) throws IOException {
    CompletableFuture<Optional<IOException>> hold = holds.poll();
    if (hold != null) {
      held.add(hold);
      Optional<IOException> outcome = hold.join();
      if (outcome.isPresent()) {
        throw outcome.get();
      }
    }
    IOException failure = failures.poll();
    if (failure != null) {
      throw failure;
    }
    sent.add(message);
    if (message instanceof Message.Request request && answering) {
      receiver().onMessage(Message.response(request.id(), result(request)));
    }
  }

  private tools.jackson.databind.JsonNode result(Message.Request request) {
    return request.method().equals("initialize")
        ? Json.object().put("protocolVersion", "2025-06-18").set("capabilities", capabilities)
        : Json.object().put("method", request.method());
  }

  Receiver receiver() {
    Receiver r = receiver;
    if (r == null) {
      throw new IllegalStateException("not started");
    }
    return r;
  }

  List<String> methods() {
    return sent.stream().map(m -> switch (m) {
      case Message.Request r -> r.method();
      case Message.Notification n -> n.method();
      default -> "answer";
    }).toList();
  }

  @Override
  public void initialized(String protocolVersion) {
    protocolVersions.add(protocolVersion);
  }

  @Override
  public String describe() {
    return "fake";
  }

  @Override
  public void close() {
    closed = true;
    held.forEach(h -> h.complete(Optional.of(new IOException("the transport was closed during the exchange"))));
  }
}
