package dev.switchboard.client;

import dev.switchboard.protocol.JsonRpcError;

/** The server answered a request with a JSON-RPC error; the error value is kept whole in {@link #error()}. */
public final class RpcException extends ClientException {
  private final String method;
  private final JsonRpcError error;

  public RpcException(String method, JsonRpcError error) {
    super(method + " failed: " + error.message() + " (" + error.code() + ")");
    this.method = method;
    this.error = error;
  }

  public String method() {
    return method;
  }

  public JsonRpcError error() {
    return error;
  }

  public int code() {
    return error.code();
  }
}
