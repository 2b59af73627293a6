package dev.switchboard.gateway;

import dev.switchboard.protocol.RequestId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A request in flight upstream: who asked (a session and its own id and token, or the gateway itself), where its end
 * goes, the id the gateway gave it upstream, and when it times out. Made by the thread that sends the request, then
 * confined to the holder of the link's turn; only {@code deadline} changes: progress pushes it out, never past
 * {@code hardDeadline}.
 */
final class Pending {
  final long upstreamId;
  final @Nullable Caller session;
  final RequestId clientId;
  final String method;
  final @Nullable EventStream stream;
  final AnswerSink sink;
  final @Nullable JsonNode clientProgressToken;
  final SendTimes times;
  final long startedNanos = System.nanoTime();
  final long timeoutNanos;
  final long hardDeadline;
  private long deadline;

  Pending(long upstreamId, @Nullable Caller session, RequestId clientId, String method,
      @Nullable EventStream stream, AnswerSink sink, @Nullable JsonNode clientProgressToken,
      long timeoutNanos, long maxNanos, SendTimes times) {
    this.times = times;
    this.upstreamId = upstreamId;
    this.session = session;
    this.clientId = clientId;
    this.method = method;
    this.stream = stream;
    this.sink = sink;
    this.clientProgressToken = clientProgressToken;
    this.timeoutNanos = timeoutNanos;
    this.hardDeadline = startedNanos + maxNanos;
    this.deadline = Math.min(startedNanos + timeoutNanos, hardDeadline);
  }

  /** Progress shows the request is alive: it gets another full timeout, up to the hard maximum. */
  void extend() {
    deadline = Math.min(System.nanoTime() + timeoutNanos, hardDeadline);
  }

  boolean expired(long now) {
    return now - deadline > 0;
  }
}
