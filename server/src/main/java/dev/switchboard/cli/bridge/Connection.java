package dev.switchboard.cli.bridge;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The bridge's current session with the server, opened on first use and replaced when it is lost: a replacement
 * replays what {@link ClientMemory} remembers (the client's own {@code initialize}, {@code notifications/initialized},
 * subscriptions, log level) with the bridge's own request ids, whose answers never reach the client. Opening and
 * replacing happen under a lock, on the request thread that needs the session; a stale session is given up at once
 * (nothing more is sent on it) and closed on a virtual thread once the sends already under way on it have ended.
 * Thread safe.
 */
final class Connection {
  private static final long REPLAY_TIMEOUT_SECONDS = 30;
  /** How long a given-up session stays open for the sends under way on it to get their answers. */
  private static final Duration DRAIN = Duration.ofSeconds(60);

  /** Opens one new, unstarted transport to the server; may wait for (or start) the daemon. */
  @FunctionalInterface
  interface Opener {
    Transport open() throws IOException;
  }

  /** What the bridge hears from one session. Called on the transport's threads. */
  interface Events {
    void onMessage(Link link, Message message);

    void onExpired(Link link);

    void onClosed(Link link, Throwable cause);
  }

  /** One session: its transport, a number that tells sessions apart, and the sends under way on it. */
  record Link(Transport transport, int generation, Sends sends) {}

  private final Opener opener;
  private final ClientMemory memory;
  private final BridgeLog log;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger generations = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<RequestId, CompletableFuture<Message>> own = new ConcurrentHashMap<>();
  /** Given-up sessions not yet closed: {@link #close} ends them at once. */
  private final Set<Link> draining = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Events events;
  private volatile @Nullable Link link;
  private volatile boolean closed;

  Connection(Opener opener, ClientMemory memory, BridgeLog log) {
    this.opener = opener;
    this.memory = memory;
    this.log = log;
  }

  void listen(Events listener) {
    this.events = listener;
  }

  /** The open session, opening one when there is none. */
  Link current() throws IOException {
    Link now = link;
    return now != null ? now : replace(null, null);
  }

  /**
   * A session on which a send has begun (the caller ends it with {@code sends().end()}): the open one, or a new one in
   * place of {@code stale} unless another thread already replaced it. Never a session already given up, so a message
   * is never sent where the bridge knows it would be lost.
   */
  Link acquire(@Nullable Link stale, @Nullable Exception cause) throws IOException {
    Link link = stale == null ? current() : replace(stale, cause);
    while (!link.sends().begin()) {
      link = replace(link, null);
    }
    return link;
  }

  /** A new session in place of {@code stale}, unless another thread already replaced it. */
  Link replace(@Nullable Link stale, @Nullable Exception cause) throws IOException {
    lock.lock();
    try {
      Link now = link;
      if (now != null && !now.equals(stale)) {
        return now;
      }
      if (closed) {
        throw new IOException("the bridge is closing");
      }
      discard(now);
      link = null;
      Link fresh = open();
      if (closed) {
        fresh.transport().close();
        throw new IOException("the bridge is closing");
      }
      link = fresh;
      if (cause != null) {
        log.say("new session with " + fresh.transport().describe() + " after: " + cause.getMessage());
      }
      return fresh;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets {@code stale} so that the next request opens a new session. */
  void invalidate(Link stale) {
    lock.lock();
    try {
      if (stale.equals(link)) {
        link = null;
        discard(stale);
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isCurrent(Link candidate) {
    return candidate.equals(link);
  }

  /**
   * Ends the session (an HTTP transport sends DELETE); idempotent. It does not wait long for a thread that is opening
   * a session (waiting for a daemon can take seconds): that thread sees {@code closed} and closes what it opened.
   */
  void close() {
    closed = true;
    boolean locked = false;
    try {
      locked = lock.tryLock(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Link now = link;
      link = null;
      if (now != null) {
        now.transport().close();
      }
      draining.forEach(stale -> stale.transport().close());
    } finally {
      if (locked) {
        lock.unlock();
      }
    }
  }

  private Link open() throws IOException {
    Transport transport = opener.open();
    Link fresh = new Link(transport, generations.incrementAndGet(), new Sends());
    try {
      transport.start(receiver(fresh));
      Message.Request init = memory.answeredInitialize();
      if (init != null) {
        replay(fresh, init);
      }
      return fresh;
    } catch (IOException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  private void replay(Link fresh, Message.Request init) throws IOException {
    Message answer = call(fresh, init.method(), init.params());
    if (!(answer instanceof Message.Response response)) {
      throw new IOException("the server refused to initialize a new session: " + answer.node().path("error"));
    }
    fresh.transport().initialized(response.result().path("protocolVersion").asString(""));
    if (memory.initialized()) {
      fresh.transport().send(Message.notification("notifications/initialized", null));
    }
    for (String uri : memory.subscriptions()) {
      call(fresh, "resources/subscribe", Json.object().put("uri", uri));
    }
    JsonNode level = memory.logLevel();
    if (level != null) {
      call(fresh, "logging/setLevel", level);
    }
    if (memory.used() && !fresh.sends().used()) {
      String listing = listing(response.result().path("capabilities"));
      if (listing != null) {
        call(fresh, listing, null); // see listing
      }
    }
  }

  /**
   * A request that uses a session, harmless to any server that declares {@code capabilities}: a listing of what it
   * offers. A new session for a client that used the old one makes it, since the gateway reaps a session that made
   * no request within its grace ({@code gateway.sessions.unusedGrace}) — and the client, which already listed what
   * it needs, may stay quiet for hours while it holds the session open.
   */
  private static @Nullable String listing(JsonNode capabilities) {
    for (String kind : List.of("tools", "resources", "prompts")) {
      if (capabilities.has(kind)) {
        return kind + "/list";
      }
    }
    return null;
  }

  /** Sends the bridge's own request and waits for its answer, which the client never sees. */
  private Message call(Link target, String method, @Nullable JsonNode params) throws IOException {
    RequestId id = RequestId.of("switchboard-bridge-" + ids.incrementAndGet());
    CompletableFuture<Message> answer = new CompletableFuture<>();
    own.put(id, answer);
    try {
      target.sends().use(method);
      target.transport().send(Message.request(id, method, params));
      return answer.get(REPLAY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(method + " interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(method + " got no answer from " + target.transport().describe(), e);
    } finally {
      own.remove(id);
    }
  }

  private Transport.Receiver receiver(Link owner) {
    return new Transport.Receiver() {
      @Override
      public void onMessage(Message message) {
        CompletableFuture<Message> waiting = answerTo(message);
        Events listener = events;
        if (waiting != null) {
          waiting.complete(message);
        } else if (listener != null) {
          listener.onMessage(owner, message);
        }
      }

      @Override
      public void onSessionExpired() {
        Events listener = events;
        if (listener != null) {
          listener.onExpired(owner);
        }
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        Events listener = events;
        if (cause != null && listener != null) {
          listener.onClosed(owner, cause);
        }
      }
    };
  }

  private @Nullable CompletableFuture<Message> answerTo(Message message) {
    RequestId id = switch (message) {
      case Message.Response r -> r.id();
      case Message.ErrorResponse e -> e.id();
      default -> null;
    };
    return id == null ? null : own.get(id);
  }

  private void discard(@Nullable Link stale) {
    if (stale != null) {
      stale.sends().giveUp();
      draining.add(stale);
      Thread.ofVirtual().name("bridge-close").start(() -> closeWhenIdle(stale));
    }
  }

  private void closeWhenIdle(Link stale) {
    try {
      if (!stale.sends().awaitIdle(DRAIN)) {
        log.debug("closing " + stale.transport().describe() + " with sends still under way after " + DRAIN);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stale.transport().close();
    draining.remove(stale);
  }
}
