package dev.switchboard.gateway;

/**
 * How a request sent on a {@link Link} ended. Decisions (kill a child that did not answer its ping, free a pinned
 * child) are taken on this value, never on an error message's text.
 */
enum Outcome {
  /** The server answered, with a result or an error. */
  ANSWERED,
  /** Its deadline passed; the server was told to cancel it. */
  TIMED_OUT,
  /** It never reached the server: not connected, or its input was backed up. */
  NOT_SENT,
  /** The session that asked ended first; the server was told to cancel it. */
  SESSION_ENDED,
  /** The server went away with the request in flight. */
  LINK_CLOSED;

  /** Whether the server itself failed to take or answer the request in time (grounds to stop trusting it). */
  boolean serverUnresponsive() {
    return this == TIMED_OUT || this == NOT_SENT;
  }
}
