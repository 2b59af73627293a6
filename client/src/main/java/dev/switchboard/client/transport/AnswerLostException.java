package dev.switchboard.client.transport;

import java.io.IOException;

/**
 * The server took the request (its answer stream had begun), then the stream broke and could not be resumed: the
 * request may or may not have run, so it must not be sent again as if it never arrived. The cause says why resuming
 * failed (the server gone, or a session it no longer knows).
 */
public final class AnswerLostException extends IOException {
  public AnswerLostException(String message, IOException cause) {
    super(message, cause);
  }
}
