package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;
import java.util.Objects;

/**
 * A request the gateway refuses before it reaches a server: why (a wire-independent {@link Refusal}, which each
 * transport maps to its own status) and the JSON-RPC error the client gets.
 */
public final class GatewayException extends RuntimeException {
  private final Refusal refusal;
  private final JsonRpcError error;

  public GatewayException(Refusal refusal, JsonRpcError error) {
    super(error.message(), null, false, false);
    this.refusal = Objects.requireNonNull(refusal, "refusal");
    this.error = error;
  }

  public Refusal refusal() {
    return refusal;
  }

  public JsonRpcError error() {
    return error;
  }
}
