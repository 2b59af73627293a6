package dev.switchboard.client.transport;

import dev.switchboard.client.internal.HttpBodies;
import dev.switchboard.client.internal.PlainHttp;
import dev.switchboard.client.internal.SseMessageReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The Streamable HTTP transport (2025-03-26 and later): each message is a POST whose answer comes back as JSON or as
 * an SSE stream read on the sending thread, resumed with {@code Last-Event-ID} after the server's {@code retry} when
 * it ends before the answer; after the handshake one virtual thread keeps the standalone GET stream open, reconnecting
 * the same way; {@link #close()} sends DELETE. Thread safe.
 */
public final class StreamableHttpTransport implements Transport {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";
  /** How often a request goes again after a kept-alive connection ended before answering (see {@link #exchange}). */
  private static final int STALE_RETRIES = 3;
  /** How {@code java.net.http} ends the message of a response that ended before its first byte. */
  private static final String NO_BYTES = "received no bytes";
  private static final System.Logger LOG = System.getLogger(StreamableHttpTransport.class.getName());

  private final URI endpoint;
  private final Map<String, String> headers;
  private final boolean standaloneStream;
  private final HttpClient http;
  private final Set<InputStream> open = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Receiver receiver;
  private volatile @Nullable String sessionId;
  private volatile @Nullable String protocolVersion;
  private volatile @Nullable Thread listener;
  private volatile boolean closed;
  private volatile boolean expired;

  private StreamableHttpTransport(Builder builder) {
    this.endpoint = builder.endpoint;
    this.headers = Map.copyOf(builder.headers);
    this.standaloneStream = builder.standaloneStream;
    this.http = PlainHttp.forEndpoint(HttpClient.newBuilder(), endpoint).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(builder.connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public static Builder builder(URI endpoint) {
    return new Builder(endpoint);
  }

  /** A factory of default transports to {@code endpoint}, for {@code Client.builder}. */
  public static Transport.Factory factory(URI endpoint) {
    return () -> builder(endpoint).build();
  }

  /** The session the server issued, once the handshake has been answered. */
  public @Nullable String sessionId() {
    return sessionId;
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void start(Receiver receiver) throws IOException {
    if (closed) {
      throw new IOException("transport to " + endpoint + " is closed");
    }
    this.receiver = receiver;
  }

  @Override
  public void send(Message message) throws IOException {
    @Nullable String session = sessionId;
    HttpResponse<InputStream> response = exchange(post(message));
    try (InputStream body = track(response.body())) {
      response.headers().firstValue(SESSION_HEADER).ifPresent(id -> sessionId = id);
      if (response.statusCode() == 404 && session != null) {
        expired = true;
        throw new SessionExpiredException(endpoint + " no longer knows session " + session + " (HTTP 404)");
      }
      answer(message, response, body);
    } finally {
      open.remove(response.body());
    }
    if (message instanceof Message.Notification n && n.method().equals("notifications/initialized")) {
      listenWhenWanted();
    }
  }

  /** Opens the standalone stream once the server knows the session is initialized, as the SDKs do. */
  private void listenWhenWanted() {
    if (standaloneStream && !closed && listener == null) {
      listener = Thread.ofVirtual().name("mcp-http-get").start(this::listen);
    }
  }

  @Override
  public void initialized(String version) {
    protocolVersion = version;
  }

  @Override
  public String describe() {
    return endpoint.toString();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Thread thread = listener;
    if (thread != null) {
      thread.interrupt();
    }
    open.forEach(StreamableHttpTransport::closeQuietly);
    if (sessionId != null && !expired) {
      delete();
    }
    http.shutdownNow();
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(null);
    }
  }

  private void answer(Message sent, HttpResponse<InputStream> response, InputStream body) throws IOException {
    @Nullable RequestId awaited = sent instanceof Message.Request request ? request.id() : null;
    int status = response.statusCode();
    if (status == 202 || status == 204) {
      if (awaited != null) {
        throw new IOException(endpoint + " accepted request " + awaited + " without answering it (HTTP " + status
            + ")");
      }
    } else if (status >= 300) {
      refused(awaited, status, HttpBodies.read(body, HttpBodies.MAX_JSON_BODY));
    } else if (HttpBodies.isEventStream(response)) {
      readStream(body, awaited);
    } else {
      boolean answered = deliverAll(HttpBodies.read(body, HttpBodies.MAX_JSON_BODY), awaited);
      if (awaited != null && !answered) {
        throw new IOException(endpoint + " answered HTTP " + status + " without a response to request " + awaited);
      }
    }
  }

  /** An HTTP error: a JSON-RPC error in the body becomes the request's answer; anything else is an exception. */
  private void refused(@Nullable RequestId awaited, int status, byte[] body) throws IOException {
    for (Message m : HttpBodies.messages(body)) {
      if (awaited != null && m instanceof Message.ErrorResponse error
          && (error.id() == null || error.id().equals(awaited))) {
        deliver(Message.error(awaited, error.error()));
        return;
      }
    }
    throw new HttpStatusException("POST " + endpoint, status, HttpBodies.snippet(body));
  }

  private boolean deliverAll(byte[] body, @Nullable RequestId awaited) {
    boolean answered = false;
    for (Message m : HttpBodies.messages(body)) {
      deliver(m);
      answered |= answers(m, awaited);
    }
    return answered;
  }

  /** Reads a POST's SSE stream until it answers {@code awaited}, resuming it with GET when it ends too early. */
  private void readStream(InputStream first, @Nullable RequestId awaited) throws IOException {
    Resumption resumption = new Resumption();
    SseMessageReader reader = new SseMessageReader(first);
    InputStream current = first;
    try {
      while (!drain(reader, awaited)) {
        resumption.saw(reader);
        if (awaited == null) {
          return;
        }
        resumption.waitBeforeAttempt(awaited);
        current = resumeAnswering(awaited, resumption.lastEventId());
        reader = new SseMessageReader(current);
      }
    } finally {
      release(current);
    }
  }

  /** Delivers the stream's messages; true once {@code awaited} was answered, false when the stream ended first. */
  private boolean drain(SseMessageReader reader, @Nullable RequestId awaited) throws IOException {
    try {
      Message message;
      while ((message = reader.next()) != null) {
        deliver(message);
        if (awaited != null && answers(message, awaited)) {
          return true;
        }
      }
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      if (closed || Thread.currentThread().isInterrupted()) {
        throw e;
      }
      LOG.log(System.Logger.Level.DEBUG, "SSE stream from {0} broke: {1}", endpoint, e.toString());
    }
    return false;
  }

  /**
   * Resumes the stream of a request the server took: any failure now (the server gone, the session forgotten) leaves
   * it unknown whether the request ran, which an {@link AnswerLostException} says whatever the cause.
   */
  private InputStream resumeAnswering(RequestId awaited, String lastEventId) throws IOException {
    try {
      return resume(lastEventId);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(); // a refusal has none
      throw new AnswerLostException("the stream answering request " + awaited + " broke and could not be resumed ("
          + why + ")", e);
    }
  }

  private InputStream resume(String lastEventId) throws IOException {
    HttpResponse<InputStream> response = exchange(get(lastEventId));
    InputStream body = track(response.body());
    if (response.statusCode() == 200 && HttpBodies.isEventStream(response)) {
      return body;
    }
    byte[] bytes = HttpBodies.read(body, 4096);
    release(body);
    if (response.statusCode() == 404 && sessionId != null) {
      expired = true;
      throw new SessionExpiredException(endpoint + " no longer knows session " + sessionId + " (HTTP 404)");
    }
    throw new HttpStatusException("GET " + endpoint + " (resuming after event " + lastEventId + ")",
        response.statusCode(), HttpBodies.snippet(bytes));
  }

  /** The standalone GET stream: server-initiated messages; reconnects after {@code retry} until closed. */
  private void listen() {
    Resumption resumption = new Resumption();
    while (!closed) {
      try {
        if (!listenOnce(resumption)) {
          return;
        }
        resumption.streamEnded();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        resumption.failed();
        LOG.log(System.Logger.Level.DEBUG, "GET stream to {0} failed: {1}", endpoint, e.toString());
      }
      if (!resumption.pause()) {
        return;
      }
    }
  }

  /** One GET stream until it ends; false when the server does not offer one (or the session is gone). */
  private boolean listenOnce(Resumption resumption) throws IOException {
    HttpResponse<InputStream> response = exchange(get(resumption.lastEventIdOrNull()));
    try (InputStream body = track(response.body())) {
      int status = response.statusCode();
      if (status == 404 && sessionId != null) {
        expired = true;
        Receiver r = receiver;
        if (r != null && !closed) {
          r.onSessionExpired();
        }
        return false;
      }
      if (status >= 500) {
        throw new HttpStatusException("GET " + endpoint, status, "");
      }
      if (status != 200 || !HttpBodies.isEventStream(response)) {
        LOG.log(System.Logger.Level.DEBUG, "{0} offers no standalone stream (HTTP {1})", endpoint, status);
        return false;
      }
      SseMessageReader reader = new SseMessageReader(body);
      drain(reader, null);
      resumption.saw(reader);
      return true;
    } finally {
      open.remove(response.body());
    }
  }

  private void deliver(Message message) {
    Receiver r = receiver;
    if (r != null && !closed) {
      r.onMessage(message);
    }
  }

  private static boolean answers(Message message, @Nullable RequestId id) {
    return switch (message) {
      case Message.Response response -> response.id().equals(id);
      case Message.ErrorResponse error -> error.id() != null && error.id().equals(id);
      default -> false;
    };
  }

  private HttpRequest post(Message message) {
    return common(HttpRequest.newBuilder(endpoint)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(message.bytes())).build();
  }

  private HttpRequest get(@Nullable String lastEventId) {
    HttpRequest.Builder builder = common(HttpRequest.newBuilder(endpoint)).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      builder.header("Last-Event-ID", lastEventId);
    }
    return builder.build();
  }

  private void delete() {
    try {
      HttpRequest request = common(HttpRequest.newBuilder(endpoint)).timeout(Duration.ofSeconds(2)).DELETE().build();
      http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "DELETE {0} failed: {1}", endpoint, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpRequest.Builder common(HttpRequest.Builder builder) {
    headers.forEach(builder::header);
    String session = sessionId;
    if (session != null) {
      builder.header(SESSION_HEADER, session);
    }
    String version = protocolVersion;
    if (version != null) {
      builder.header(VERSION_HEADER, version);
    }
    return builder;
  }

  private HttpResponse<InputStream> exchange(HttpRequest request) throws IOException {
    if (closed) {
      throw new IOException("transport to " + endpoint + " is closed");
    }
    try {
      for (int attempt = 1;; attempt++) {
        try {
          return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
          // A kept-alive connection the server closed as it was taken from the pool: the server never answered, so the
          // request goes again (the JDK retries only GETs; okhttp and browsers do this too). The pool may hold more
          // than one such connection (a POST's and an ended GET stream's), each failing once before a new one opens.
          if (closed || attempt > STALE_RETRIES || !endedBeforeAnswer(e)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.method() + " " + endpoint + " interrupted");
    }
  }

  /**
   * Whether the connection ended before a byte of the response's head: the JDK's parser says it "received no bytes"
   * (its verdict for a pooled connection that ended or was reset before answering), or an end of stream is a cause.
   */
  private static boolean endedBeforeAnswer(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (t instanceof java.io.EOFException || (message != null && message.endsWith(NO_BYTES))) {
        return true;
      }
    }
    return false;
  }

  private InputStream track(InputStream body) {
    open.add(body);
    if (closed) {
      closeQuietly(body);
    }
    return body;
  }

  private void release(InputStream body) {
    open.remove(body);
    closeQuietly(body);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closing an aborted stream: nothing left to release
    }
  }

  /** Options for one transport. Not thread safe. */
  public static final class Builder {
    private final URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private boolean standaloneStream = true;

    private Builder(URI endpoint) {
      this.endpoint = endpoint;
    }

    /** An extra header on every request, e.g. {@code Authorization}. */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Whether to keep a GET stream open for server-initiated messages (default true). */
    public Builder standaloneStream(boolean open) {
      this.standaloneStream = open;
      return this;
    }

    public StreamableHttpTransport build() {
      return new StreamableHttpTransport(this);
    }
  }
}
