package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;

/** A request the gateway refuses before it reaches a server; carries the HTTP status and the JSON-RPC error. */
public final class GatewayException extends RuntimeException {
  private final int status;
  private final JsonRpcError error;

  public GatewayException(int status, JsonRpcError error) {
    super(error.message(), null, false, false);
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public JsonRpcError error() {
    return error;
  }
}
