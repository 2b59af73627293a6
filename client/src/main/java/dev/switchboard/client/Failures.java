package dev.switchboard.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** Turns low-level failures into messages a person can act on. Stateless. */
final class Failures {
  private Failures() {}

  static ConnectionFailedException connectFailed(String target, Throwable cause) {
    if (cause instanceof ConnectionFailedException e) {
      return e;
    }
    return new ConnectionFailedException(target, "could not connect to " + target + ": " + describe(cause), cause);
  }

  /** The most telling description in a cause chain: "connection refused" rather than a bare exception name. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "connection timed out";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (t instanceof RpcException e) {
        return "the server refused the handshake: " + e.error().message() + " (" + e.code() + ")";
      }
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName()
        : failure instanceof IOException || failure instanceof ClientException ? message : failure.toString();
  }

  /**
   * Whether a request failed because the server had already closed the keep-alive connection it went out on (the
   * HTTP client saw no answer at all): the request never reached the server, so a safe one may be sent again.
   */
  static boolean isStaleConnection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof java.io.EOFException || message.contains("received no bytes")
          || message.contains("Connection reset")) {
        return true;
      }
    }
    return false;
  }
}
