package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;

/** Input that is not a valid JSON-RPC message; carries the error value to answer with. */
public final class ProtocolException extends RuntimeException {
  private final JsonRpcError error;
  private final @Nullable RequestId id;

  public ProtocolException(JsonRpcError error, @Nullable RequestId id) {
    super(error.message(), null, false, false);
    this.error = error;
    this.id = id;
  }

  public JsonRpcError error() {
    return error;
  }

  /** The id of the offending request, when it could be read. */
  public @Nullable RequestId id() {
    return id;
  }
}
