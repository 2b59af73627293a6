package dev.switchboard.client.internal;

import dev.switchboard.client.schema.InitializeResult;
import dev.switchboard.client.transport.Transport;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One connected transport and its handshake result. It dies when the transport closes or the server forgets the
 * session; a dead connection is never revived, the client opens a new one. Thread safe.
 */
public final class Connection {
  private final Transport transport;
  private final int generation;
  private final AtomicBoolean alive = new AtomicBoolean(true);
  private volatile @Nullable InitializeResult init;
  private volatile @Nullable Throwable cause;

  public Connection(Transport transport, int generation) {
    this.transport = transport;
    this.generation = generation;
  }

  public Transport transport() {
    return transport;
  }

  /** Counts connections of one client from 1; a higher number means a reconnect happened. */
  public int generation() {
    return generation;
  }

  public InitializeResult init() {
    InitializeResult result = init;
    if (result == null) {
      throw new IllegalStateException("handshake not finished");
    }
    return result;
  }

  public void initialized(InitializeResult result) {
    this.init = result;
  }

  public boolean isAlive() {
    return alive.get();
  }

  /** Marks the connection dead; true for the first caller only. */
  public boolean die(@Nullable Throwable why) {
    if (alive.compareAndSet(true, false)) {
      cause = why;
      return true;
    }
    return false;
  }

  public @Nullable Throwable cause() {
    return cause;
  }
}
