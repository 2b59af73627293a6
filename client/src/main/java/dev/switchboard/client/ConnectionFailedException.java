package dev.switchboard.client;

import org.jspecify.annotations.Nullable;

/** The server could not be reached or would not complete the handshake: refused, not found, spawn failed. */
public final class ConnectionFailedException extends ClientException {
  private final String target;

  public ConnectionFailedException(String target, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.target = target;
  }

  /** The URL or command the client tried. */
  public String target() {
    return target;
  }
}
