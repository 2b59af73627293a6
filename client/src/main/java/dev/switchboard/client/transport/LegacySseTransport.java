package dev.switchboard.client.transport;

import dev.switchboard.client.internal.HttpBodies;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP+SSE transport of protocol 2024-11-05: one long GET stream whose first {@code endpoint} event names the URL
 * to POST messages to; everything the server sends arrives as {@code message} events on that stream, read by one
 * virtual thread. The session lives exactly as long as the stream, so a dropped stream closes the transport (the
 * client reconnects with a new one). Thread safe.
 */
public final class LegacySseTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(LegacySseTransport.class.getName());

  private final URI sseUrl;
  private final Duration connectTimeout;
  private final HttpClient http;
  private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
  private volatile @Nullable Receiver receiver;
  private volatile @Nullable InputStream stream;
  private volatile boolean closed;

  public LegacySseTransport(URI sseUrl) {
    this(sseUrl, Duration.ofSeconds(10));
  }

  public LegacySseTransport(URI sseUrl, Duration connectTimeout) {
    this.sseUrl = sseUrl;
    this.connectTimeout = connectTimeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
  }

  public static Transport.Factory factory(URI sseUrl) {
    return () -> new LegacySseTransport(sseUrl);
  }

  @Override
  public void start(Receiver receiver) throws IOException {
    this.receiver = receiver;
    HttpRequest request = HttpRequest.newBuilder(sseUrl).header("Accept", "text/event-stream")
        .timeout(connectTimeout).GET().build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200 || !HttpBodies.isEventStream(response)) {
      byte[] body = HttpBodies.read(response.body(), 4096);
      response.body().close();
      throw new HttpStatusException("GET " + sseUrl, response.statusCode(), HttpBodies.snippet(body));
    }
    stream = response.body();
    Thread.ofVirtual().name("mcp-sse-reader").start(() -> read(response.body()));
    awaitEndpoint();
  }

  @Override
  public void send(Message message) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(endpoint()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(message.bytes())).build();
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      throw new SessionExpiredException(sseUrl + " no longer knows this session (HTTP 404)");
    }
    if (response.statusCode() >= 300) {
      throw new HttpStatusException("POST " + endpoint(), response.statusCode(), HttpBodies.snippet(response.body()));
    }
  }

  @Override
  public String describe() {
    return sseUrl.toString();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    InputStream in = stream;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // aborting the stream: nothing left to release
      }
    }
    http.shutdownNow();
    endpoint.completeExceptionally(new IOException("closed"));
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(null);
    }
  }

  private void read(InputStream body) {
    SseReader reader = new SseReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
    @Nullable Throwable cause = null;
    try {
      SseEvent event;
      while ((event = reader.next()) != null) {
        handle(event);
      }
      cause = new IOException(sseUrl + " ended the SSE stream");
    } catch (IOException e) {
      cause = e;
    } finally {
      ended(cause);
    }
  }

  private void handle(SseEvent event) {
    if (event.type().equals("endpoint")) {
      endpoint.complete(sseUrl.resolve(event.data().strip()));
      return;
    }
    if (!event.type().equals("message") || event.data().isBlank()) {
      return;
    }
    try {
      Message message = MessageCodec.parse(event.data().getBytes(StandardCharsets.UTF_8));
      Receiver r = receiver;
      if (r != null && !closed) {
        r.onMessage(message);
      }
    } catch (ProtocolException e) {
      LOG.log(System.Logger.Level.DEBUG, "skipped an event that is not a JSON-RPC message: {0}", e.getMessage());
    }
  }

  private void ended(@Nullable Throwable cause) {
    endpoint.completeExceptionally(cause == null ? new IOException("stream ended") : cause);
    if (!closed) {
      closed = true;
      http.shutdownNow();
      Receiver r = receiver;
      if (r != null) {
        r.onClosed(cause);
      }
    }
  }

  private void awaitEndpoint() throws IOException {
    try {
      endpoint.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      close();
      throw new IOException(sseUrl + " sent no endpoint event within " + connectTimeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new IOException(sseUrl + " closed the stream before sending its endpoint", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting to " + sseUrl);
    }
  }

  private URI endpoint() throws IOException {
    URI uri = endpoint.isDone() && !endpoint.isCompletedExceptionally() ? endpoint.join() : null;
    if (uri == null || closed) {
      throw new IOException("the SSE stream to " + sseUrl + " is closed");
    }
    return uri;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.method() + " " + request.uri() + " interrupted");
    }
  }
}
