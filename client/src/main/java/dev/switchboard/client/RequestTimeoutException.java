package dev.switchboard.client;

import java.time.Duration;

/** No answer came within the call's timeout; the client has already sent {@code notifications/cancelled}. */
public final class RequestTimeoutException extends ClientException {
  private final Duration timeout;

  public RequestTimeoutException(String method, Duration timeout) {
    super(method + " timed out after " + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
