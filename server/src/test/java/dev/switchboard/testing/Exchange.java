package dev.switchboard.testing;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange of a {@link StreamableSession} whose JSON-RPC messages (SSE events or a JSON body) are parsed as
 * they arrive, so a test can react mid-stream (cancel after the first progress, answer a sampling request). A virtual
 * thread of its own reads the socket; the awaiting methods are for one test thread, {@link #seen} and {@link #close}
 * for any. Every wait is bounded by the timeout given to it.
 */
public final class Exchange implements AutoCloseable {
  private static final JsonNode END = Json.object().put("end", true);
  private final HttpClient http;
  private final String what;
  private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile int status = -1;
  private volatile @Nullable InputStream body;
  private volatile boolean closed;
  private volatile @Nullable Throwable failure;

  Exchange(HttpClient http, HttpRequest request, String what) {
    this.http = http;
    this.what = what;
    Thread.ofVirtual().name("exchange").start(() -> read(request));
  }

  private void read(HttpRequest request) {
    try {
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = r.statusCode();
      body = r.body();
      if (closed) {
        r.body().close();
        return;
      }
      try (InputStream in = r.body()) {
        parse(r.headers().firstValue("Content-Type").orElse(""), in);
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (!closed) {
        failure = e;
      }
    } finally {
      queue.add(END);
      ended.countDown();
    }
  }

  private void parse(String type, InputStream in) throws IOException {
    if (type.startsWith("text/event-stream")) {
      SseReader sse = new SseReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (SseEvent e; (e = sse.next()) != null;) {
        if (!e.data().isBlank()) {
          add(Json.parse(e.data()));
        }
      }
      return;
    }
    byte[] bytes = in.readAllBytes();
    if (bytes.length > 0 && type.startsWith("application/json")) {
      JsonNode node = Json.parse(bytes);
      if (node.isArray()) {
        node.forEach(this::add);
      } else {
        add(node);
      }
    }
  }

  private void add(JsonNode message) {
    seen.add(message);
    queue.add(message);
  }

  /** The next message, or null when the exchange ended or nothing came within {@code timeout}. */
  public @Nullable JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode m = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (m == END) {
      queue.add(END);
      return null;
    }
    return m;
  }

  /** The next message matching {@code test} (others are skipped but kept in {@link #seen}); asserts it came. */
  public JsonNode await(Predicate<JsonNode> test, Duration timeout, String description) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode m = left > 0 ? next(Duration.ofNanos(left)) : null;
      if (m == null) {
        throw new AssertionError("no " + description + " on " + what + " within " + timeout + " (status " + status
            + ", ended " + isEnded() + ", failure " + failure + "); seen: " + seen());
      }
      if (test.test(m)) {
        return m;
      }
    }
  }

  public JsonNode awaitResponse(Duration timeout) throws InterruptedException {
    return await(Messages::isResponse, timeout, "response");
  }

  /** Waits for the exchange to end; true if it did within {@code timeout}. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isEnded() {
    return ended.getCount() == 0;
  }

  /** The HTTP status, or -1 before the response headers came. */
  public int status() {
    return status;
  }

  /** Every message so far, in order, including those {@link #await} skipped. */
  public List<JsonNode> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** Stops reading: closes the body, or has the reader close it when the headers come. */
  @Override
  public void close() {
    closed = true;
    InputStream in = body;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
