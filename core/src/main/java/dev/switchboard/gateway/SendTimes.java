package dev.switchboard.gateway;

/**
 * When one request was written to its child and when the child's answer reached the link's owner, so its duration
 * splits into time in the server and the gateway's share. Made by the sending thread, then written and read only under
 * the link's turn.
 */
final class SendTimes {
  private long sent;
  private long answered;

  /** Just before the request is written to the child. */
  void sent(long now) {
    sent = now;
  }

  /** As the child's answer is taken off the books. */
  void answered(long now) {
    answered = now;
  }

  /** Time in the server: from the write to the answer (to {@code now} if none came); 0 if never written. */
  long upstreamNanos(long now) {
    if (sent == 0) {
      return 0;
    }
    return (answered != 0 ? answered : now) - sent;
  }
}
