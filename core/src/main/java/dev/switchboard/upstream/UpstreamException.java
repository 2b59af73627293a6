package dev.switchboard.upstream;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;

/** An upstream that cannot be started or used; the message names the server and the cause. */
public final class UpstreamException extends RuntimeException {
  private final String server;
  private final String message;

  public UpstreamException(String server, String message) {
    super(message);
    this.server = server;
    this.message = message;
  }

  public UpstreamException(String server, String message, Throwable cause) {
    super(message, cause);
    this.server = server;
    this.message = message;
  }

  /** The message given at construction, which is never null. */
  @Override
  public String getMessage() {
    return message;
  }

  public String server() {
    return server;
  }

  public JsonRpcError toError() {
    return new JsonRpcError(JsonRpcError.SERVER_ERROR, getMessage(), Json.object().put("server", server));
  }
}
