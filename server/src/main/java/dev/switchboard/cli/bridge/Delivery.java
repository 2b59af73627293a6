package dev.switchboard.cli.bridge;

import dev.switchboard.client.transport.AnswerLostException;
import dev.switchboard.client.transport.HttpStatusException;
import dev.switchboard.client.transport.SessionExpiredException;
import java.io.IOException;
import java.net.ConnectException;

/**
 * What a failed send tells about its request: whether it may have reached the server's child. Only a request that
 * provably never did may be sent again on a new session (a {@code tools/call} is not idempotent). Stateless.
 */
enum Delivery {
  /** The server never saw it: it no longer knows the session (HTTP 404), is not serving yet (503), or is not there. */
  NEVER,
  /** Another HTTP status without a JSON-RPC answer (a missing key, a limit): the daemon refused it; never resent. */
  REFUSED,
  /** The exchange broke after the request went out: it may or may not have run. */
  UNKNOWN;

  static Delivery of(IOException failure) {
    if (failure instanceof AnswerLostException) {
      return UNKNOWN; // the server took it: whatever broke its answer later (a refused reconnect, a 404) came after
    }
    if (failure instanceof SessionExpiredException
        || (failure instanceof HttpStatusException s && s.status() == 503) || refusedConnection(failure)) {
      return NEVER;
    }
    return failure instanceof HttpStatusException ? REFUSED : UNKNOWN;
  }

  /** Nobody accepted the connection, so nothing was written to one. */
  private static boolean refusedConnection(IOException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
