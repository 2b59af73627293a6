package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;

/** The gateway's own JSON-RPC errors, worded once. */
final class Errors {
  private Errors() {}

  static JsonRpcError sessionNotFound() {
    return new JsonRpcError(JsonRpcError.SESSION_NOT_FOUND, "Session not found or expired");
  }

  static JsonRpcError sessionEnded(String reason) {
    return new JsonRpcError(JsonRpcError.SESSION_NOT_FOUND, "Session ended: " + reason);
  }

  static JsonRpcError invalidParams(String message) {
    return new JsonRpcError(JsonRpcError.INVALID_PARAMS, message);
  }
}
