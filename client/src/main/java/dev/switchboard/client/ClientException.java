package dev.switchboard.client;

import org.jspecify.annotations.Nullable;

/**
 * Why a client call did not produce a result: an I/O failure, a lost connection or session, or a closed client. The
 * subclasses say more; a JSON-RPC error from the server is an {@link RpcException}. Immutable.
 */
public class ClientException extends RuntimeException {
  public ClientException(String message) {
    super(message);
  }

  public ClientException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
