package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** An upstream in memory: records what the link sends, replies on demand, and can refuse, stall or crash. */
final class FakeUpstream implements Upstream {
  final Upstream.Listener listener;
  private final BlockingQueue<Message> sent = new LinkedBlockingQueue<>();
  private final AtomicBoolean open = new AtomicBoolean(true);
  /** Answers requests as they are sent (wire text for a request, or null to leave it to the test). */
  volatile java.util.function.Function<Message.Request, String> responder = r -> null;
  /** While set, {@link #send} refuses as a child whose stdin queue is full does. */
  volatile boolean refusing;
  /** While set, {@link #send} blocks until it is counted down: a stuck pipe, against the {@link Upstream} contract. */
  volatile CountDownLatch stall;
  /** When a stalled {@link #send} began to wait ({@link System#nanoTime}), or 0. */
  volatile long stalledSince;
  /** The thread of the last {@link #send}. */
  volatile Thread lastSender;

  FakeUpstream(Upstream.Listener listener) {
    this.listener = listener;
  }

  @Override
  public void send(Message message) {
    if (!open.get()) {
      throw new UpstreamException("fake", "MCP server 'fake' is not running");
    }
    if (refusing) {
      throw new UpstreamException("fake", "MCP server 'fake' is not reading its input");
    }
    CountDownLatch s = stall;
    if (s != null) {
      stalledSince = System.nanoTime() | 1;
      try {
        s.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stalledSince = 0;
      }
    }
    lastSender = Thread.currentThread();
    sent.add(message);
    if (message instanceof Message.Request r) {
      String answer = responder.apply(r);
      if (answer != null) {
        reply(answer);
      }
    }
  }

  /** The next message the link sent, waiting up to 5 s. */
  Message next() throws InterruptedException {
    Message m = sent.poll(5, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("the link sent nothing within 5 s");
    }
    return m;
  }

  /** Whether the link sends anything within {@code millis}. */
  Message nextOrNull(long millis) throws InterruptedException {
    return sent.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** The server says {@code json}. */
  void reply(String json) {
    listener.onMessage(MessageCodec.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  void crash() {
    if (open.compareAndSet(true, false)) {
      listener.onClosed(new UpstreamExit("fake", 1, "exited unexpectedly", "boom", false));
    }
  }

  @Override
  public String describe() {
    return "fake";
  }

  @Override
  public boolean isOpen() {
    return open.get();
  }

  @Override
  public boolean writeStalled(long now, long limitNanos) {
    long since = stalledSince;
    return since != 0 && now - since > limitNanos;
  }

  /** Stops the fake; a stalled send then ends, as a write into a stopped child's pipe does (a broken pipe). */
  @Override
  public void close() {
    CountDownLatch s = stall;
    if (s != null) {
      s.countDown();
    }
    if (open.compareAndSet(true, false)) {
      listener.onClosed(new UpstreamExit("fake", 0, "was stopped", "", true));
    }
  }
}
