package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.JsonRpcError;

/** Thrown by a method handler to answer with a JSON-RPC error (bad params, unknown resource) rather than a result. */
public final class ToolException extends Exception {
  private final JsonRpcError error;

  public ToolException(int code, String message) {
    super(message, null, false, false);
    this.error = new JsonRpcError(code, message);
  }

  public JsonRpcError error() {
    return error;
  }
}
