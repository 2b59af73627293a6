package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The seed's client, as its design note describes it: {@code POST /rpc} with {@code X-Session-ID}, answers read from
 * {@code GET /sse} by hand-parsing SSE, {@code DELETE /session} at the end. The first POST makes the session; the
 * stream attaches right after it (the gateway keeps what arrives in between). Test-only.
 */
final class SeedApiTransport implements Transport {
  private final String base;
  private final String server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CompletableFuture<String> sessionId = new CompletableFuture<>();
  private volatile @Nullable Receiver receiver;
  private volatile @Nullable InputStream stream;
  private volatile boolean closed;

  SeedApiTransport(String base, String server) {
    this.base = base;
    this.server = server;
  }

  @Override
  public void start(Receiver receiver) {
    this.receiver = receiver;
  }

  @Override
  public void send(Message message) throws IOException {
    HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/rpc/" + server))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(message.bytes()));
    if (sessionId.isDone()) {
      post.header("X-Session-ID", sessionId.join());
    }
    HttpResponse<byte[]> response = call(post.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("POST /rpc: HTTP " + response.statusCode() + " " + new String(response.body(),
          StandardCharsets.UTF_8));
    }
    String id = Json.parse(response.body()).path("sessionId").asString();
    if (!id.equals(response.headers().firstValue("X-Session-ID").orElse(""))) {
      throw new IOException("the X-Session-ID header does not match the body's sessionId");
    }
    if (sessionId.complete(id)) {
      openStream(id);
    }
  }

  @Override
  public String describe() {
    return base + "/rpc/" + server;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sessionId.isDone()) {
      try {
        call(HttpRequest.newBuilder(URI.create(base + "/session/" + server)).header("X-Session-ID", sessionId.join())
            .DELETE().build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        // the gateway may be gone already
      }
    }
    InputStream s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(null);
    }
  }

  private void openStream(String id) throws IOException {
    HttpResponse<InputStream> response = call(HttpRequest.newBuilder(URI.create(base + "/sse/" + server))
        .header("X-Session-ID", id).header("Accept", "text/event-stream").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    stream = response.body();
    SseReader reader = new SseReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    SseEvent first = reader.next();
    if (first == null || !"connected".equals(first.event()) || !first.data().contains(id)) {
      throw new IOException("GET /sse must start with event: connected naming the session; got " + first);
    }
    Thread.ofVirtual().start(() -> read(reader));
  }

  private void read(SseReader reader) {
    try {
      SseEvent event;
      while ((event = reader.next()) != null) {
        Receiver r = receiver;
        if ("message".equals(event.event()) && r != null) {
          r.onMessage(MessageCodec.parse(event.data().getBytes(StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      Receiver r = receiver;
      if (r != null && !closed) {
        r.onClosed(e);
      }
    }
  }

  private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
    try {
      return http.sendAsync(request, body).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(request.method() + " " + request.uri() + " failed: " + e, e);
    }
  }
}
