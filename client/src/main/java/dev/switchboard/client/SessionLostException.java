package dev.switchboard.client;

/**
 * The server ended the session (HTTP 404) before answering. The client has already started over on a new session
 * for later calls; this call was not sent again because it may not be safe to repeat (see
 * {@link CallOptions#withRetryable}).
 */
public final class SessionLostException extends ClientException {
  public SessionLostException(String method, Throwable cause) {
    super("the server ended the session before answering " + method + "; it was not sent again", cause);
  }
}
