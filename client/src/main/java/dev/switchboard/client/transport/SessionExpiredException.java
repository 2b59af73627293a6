package dev.switchboard.client.transport;

import java.io.IOException;

/** The server answered HTTP 404 for a session it issued: the session is gone and a new handshake is needed. */
public final class SessionExpiredException extends IOException {
  public SessionExpiredException(String message) {
    super(message);
  }
}
