package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.Optional;

/**
 * Waiting for the one answer on a private stream: what a group does with a member's answer it must read before its
 * client may see it (a handshake, a page of a list). Blocks the calling thread, which is always a virtual one.
 */
final class Answers {
  private Answers() {}

  /** A stream that takes exactly one answer, for a request only the gateway reads. */
  static EventStream privateStream() {
    return new EventStream(0, 64, 1);
  }

  /** The answer, or empty once {@code timeout} has passed without one (or the stream was cut). */
  static Optional<Message> await(EventStream stream, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long cursor = 0;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        EventStream.Batch batch = stream.await(cursor, Duration.ofNanos(left));
        for (EventStream.Event e : batch.events()) {
          cursor = e.seq();
          if (e.message() instanceof Message.Response || e.message() instanceof Message.ErrorResponse) {
            return Optional.of(e.message());
          }
        }
        if (batch.finished() || batch.cutOff()) {
          return Optional.empty();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
