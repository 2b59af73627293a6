package dev.switchboard.gateway;

/** A session's lifecycle; {@code CLOSED} is final. */
public enum SessionState {
  /** Created for an {@code initialize} whose answer has not come back yet. */
  INITIALIZING,
  /** The server accepted the handshake; the session serves requests. */
  OPEN,
  /** Deleted, expired, or its server went away; its id now answers 404. */
  CLOSED
}
