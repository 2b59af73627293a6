package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;

/**
 * Where the end of one request sent on a {@link Link} goes. Both methods run under that link's turn (its owner thread, or a
 * request thread that found the link idle), so they must not block: offer to a stream, post to a link, record, return. A sink may send more on the same link; that
 * is queued behind the current event.
 */
interface AnswerSink {
  /** The request is over; {@code answer} (a response, or an error the gateway made) is due to whoever asked. */
  void answered(Message answer, Outcome outcome);

  /** The client cancelled the request: no answer is due, but whatever waited on it may go on. */
  default void cancelled() {}

  /** The plain case: the answer goes on the asking client's stream. */
  static AnswerSink to(EventStream out) {
    return (answer, outcome) -> out.offer(answer);
  }
}
