package dev.switchboard.client.internal;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One request waiting for its answer: the future the caller blocks on, the connection it went out on, the thread
 * sending it, and where its progress goes. Completed from transport threads, awaited by the caller. Thread safe.
 */
public final class Pending {
  private final RequestId id;
  private final String method;
  private final Connection connection;
  private final @Nullable Consumer<dev.switchboard.client.schema.Progress> progress;
  private final CompletableFuture<Message> answer = new CompletableFuture<>();
  private volatile long lastActivity = System.nanoTime();
  private volatile long answeredAfterEvent = -1;
  private volatile @Nullable Thread sender;

  public Pending(RequestId id, String method, Connection connection,
      @Nullable Consumer<dev.switchboard.client.schema.Progress> progress) {
    this.id = id;
    this.method = method;
    this.connection = connection;
    this.progress = progress;
  }

  public RequestId id() {
    return id;
  }

  public String method() {
    return method;
  }

  public Connection connection() {
    return connection;
  }

  public @Nullable Consumer<dev.switchboard.client.schema.Progress> progress() {
    return progress;
  }

  public CompletableFuture<Message> answer() {
    return answer;
  }

  /** Records the answer and the last event queued before it, so the caller can wait for earlier listeners. */
  public void answered(Message message, long lastEvent) {
    answeredAfterEvent = lastEvent;
    answer.complete(message);
  }

  public void fail(Throwable cause) {
    answer.completeExceptionally(cause);
  }

  public long answeredAfterEvent() {
    return answeredAfterEvent;
  }

  /** The server showed signs of life (progress): a timeout that resets on progress starts over. */
  public void touch() {
    lastActivity = System.nanoTime();
  }

  public long lastActivity() {
    return lastActivity;
  }

  public void sender(Thread thread) {
    this.sender = thread;
  }

  /** Stops the thread still sending or reading this request's exchange. */
  public void abortSend() {
    Thread thread = sender;
    if (thread != null && thread.isAlive() && thread != Thread.currentThread()) {
      thread.interrupt();
    }
  }
}
