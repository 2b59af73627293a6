package dev.switchboard.client.transport;

import java.io.IOException;

/** An HTTP exchange ended with a status that carries no JSON-RPC answer; keeps the status and the start of the body. */
public final class HttpStatusException extends IOException {
  private final int status;
  private final String body;

  public HttpStatusException(String what, int status, String body) {
    super(what + " answered HTTP " + status + (body.isBlank() ? "" : ": " + body));
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}
