package dev.switchboard.transport.contract;

import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One open SSE response read by hand, as the seed's and the 2024-11-05 clients read theirs: a virtual thread parses
 * events into a queue the test takes from, each wait bounded. Test-only; {@link #close} ends the response.
 */
final class SseFeed implements AutoCloseable {
  private final HttpResponse<InputStream> response;
  private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();

  private SseFeed(HttpResponse<InputStream> response) {
    this.response = response;
    Thread.ofVirtual().name("sse-feed").start(this::read);
  }

  /** Sends {@code get}; the stream once its headers are in (the caller checks the status). */
  static SseFeed open(HttpClient http, HttpRequest get) throws IOException, InterruptedException {
    return new SseFeed(http.send(get, HttpResponse.BodyHandlers.ofInputStream()));
  }

  HttpResponse<InputStream> response() {
    return response;
  }

  /** The next event that matches, skipping others; fails after 30 s without one. */
  SseEvent next(Predicate<SseEvent> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      SseEvent event = events.poll(100, TimeUnit.MILLISECONDS);
      if (event != null && wanted.test(event)) {
        return event;
      }
    }
    throw new AssertionError("no matching SSE event within 30 s");
  }

  /** The next event of type {@code type} whose data contains {@code text}. */
  SseEvent next(String type, String text) throws InterruptedException {
    return next(e -> type.equals(e.type()) && e.data().contains(text));
  }

  private void read() {
    SseReader reader = new SseReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    try {
      SseEvent event;
      while ((event = reader.next()) != null) {
        events.add(event);
      }
    } catch (IOException e) {
      // closed by the test, or the stream ended: the test's next() says what it missed
    }
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
