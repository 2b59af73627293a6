package dev.switchboard.transport.websocket;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.transport.Conversation;
import dev.switchboard.transport.OutboxWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client: each text frame is one message into the {@link Conversation}; one writer virtual thread
 * drains the outbox, one frame per message, each send with a deadline, a ping when quiet. Frames arrive on Jetty's
 * thread, one at a time (the next is demanded when this one is handed over). Binary frames get a JSON-RPC error.
 * The session ends with the connection, and the connection with the session. Public only because Jetty reaches
 * the listener methods through method handles; nothing else should use it.
 */
public final class WebSocketConnection implements Session.Listener.AutoDemanding {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final Conversation conversation;
  private final Duration keepAlive;

  WebSocketConnection(Conversation conversation, Duration keepAlive) {
    this.conversation = conversation;
    this.keepAlive = keepAlive;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    Thread.ofVirtual().name("ws-" + conversation.session().logId() + "-write").start(() -> write(session));
  }

  @Override
  public void onWebSocketText(String message) {
    conversation.receive(message.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    conversation.refuse(new JsonRpcError(JsonRpcError.INVALID_REQUEST,
        "Invalid Request: binary frames are not JSON-RPC; send each message as one text frame"));
    callback.succeed();
  }

  @Override
  public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
    conversation.close("the client closed the WebSocket (" + statusCode + ")");
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("WebSocket of session {} failed: {}", conversation.session().logId(), cause.toString());
    conversation.close("the WebSocket failed");
  }

  private void write(Session session) {
    int status = StatusCode.NORMAL;
    String why = "the session ended";
    try {
      OutboxWriter.Ending ending = conversation.writer(new Frames(session), () -> false).drain();
      if (ending == OutboxWriter.Ending.CUT_OFF) {
        status = StatusCode.POLICY_VIOLATION;
        why = "the client did not keep up with its messages";
        LOG.warn("session {}: WebSocket client did not keep up; disconnected", conversation.session().logId());
      }
    } catch (IOException e) {
      LOG.debug("WebSocket client of session {} left: {}", conversation.session().logId(), e.toString());
      session.disconnect();
      return;
    } catch (InterruptedException e) {
      why = "Switchboard is shutting down";
    }
    conversation.close(why);
    session.close(status, why, Callback.NOOP);
  }

  /** One message per text frame; every send waits for its completion, up to {@link #SEND_TIMEOUT}. */
  private final class Frames implements OutboxWriter.Frames {
    private final Session session;
    private long lastSend = System.nanoTime();

    Frames(Session session) {
      this.session = session;
    }

    @Override
    public void write(Message message) throws IOException {
      CompletableFuture<@Nullable Void> sent = new CompletableFuture<>();
      session.sendText(Json.text(message.node()), Callback.from(() -> sent.complete(null),
          sent::completeExceptionally));
      await(sent, "a message");
    }

    @Override
    public void flush() {
      // each frame is sent whole
    }

    @Override
    public void idle() throws IOException {
      if (System.nanoTime() - lastSend >= keepAlive.toNanos()) {
        CompletableFuture<@Nullable Void> sent = new CompletableFuture<>();
        session.sendPing(ByteBuffer.allocate(0), Callback.from(() -> sent.complete(null),
            sent::completeExceptionally));
        await(sent, "a ping");
      }
    }

    private void await(CompletableFuture<@Nullable Void> sent, String what) throws IOException {
      try {
        sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        lastSend = System.nanoTime();
      } catch (ExecutionException e) {
        throw new IOException("sending " + what + " failed", e.getCause());
      } catch (TimeoutException e) {
        session.disconnect();
        throw new IOException("the client did not take " + what + " within " + SEND_TIMEOUT.toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted sending " + what, e);
      }
    }
  }
}
