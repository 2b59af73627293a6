package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * MCP over WebSocket with the JDK's own client (subprotocol {@code mcp}, one message per text frame): a client no
 * one here wrote, under the client module's {@link Transport} for the contract suite. Test-only.
 */
final class JdkWebSocketTransport implements Transport {
  private final URI uri;
  private final java.util.Map<String, String> headers;
  private final ReentrantLock sending = new ReentrantLock();
  private final StringBuilder partial = new StringBuilder();
  private volatile @Nullable WebSocket socket;
  private volatile @Nullable Receiver receiver;
  private volatile boolean closed;

  JdkWebSocketTransport(URI uri) {
    this(uri, java.util.Map.of());
  }

  /** With {@code headers} on the upgrade request (what a reverse proxy adds, say). */
  JdkWebSocketTransport(URI uri, java.util.Map<String, String> headers) {
    this.uri = uri;
    this.headers = java.util.Map.copyOf(headers);
  }

  /** The subprotocol the server accepted ("" for none). */
  String subprotocol() {
    WebSocket s = socket;
    return s == null ? "" : s.getSubprotocol();
  }

  @Override
  public void start(Receiver receiver) throws IOException {
    this.receiver = receiver;
    try {
      WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mcp");
      headers.forEach(builder::header);
      socket = builder.buildAsync(uri, new Listener()).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("WebSocket to " + uri + " failed: " + e, e);
    }
  }

  @Override
  public void send(Message message) throws IOException {
    sendText(Json.text(message.node()));
  }

  void sendText(String text) throws IOException {
    WebSocket s = socket;
    if (s == null || closed) {
      throw new IOException("not connected");
    }
    sending.lock();
    try {
      s.sendText(text, true).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("sending failed: " + e, e);
    } finally {
      sending.unlock();
    }
  }

  void sendBinary(byte[] bytes) throws Exception {
    WebSocket s = socket;
    if (s != null) {
      s.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public String describe() {
    return uri.toString();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    WebSocket s = socket;
    if (s != null) {
      s.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(null);
    }
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        Receiver r = receiver;
        if (r != null) {
          r.onMessage(MessageCodec.parse(text.getBytes(StandardCharsets.UTF_8)));
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      Receiver r = receiver;
      if (r != null && !closed) {
        r.onClosed(new IOException("closed by the server: " + statusCode + " " + reason));
      }
      return null;
    }
  }
}
