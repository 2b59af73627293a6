package dev.switchboard.client.transport;

import dev.switchboard.client.internal.SseMessageReader;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.jspecify.annotations.Nullable;

/**
 * When and from where to reconnect one logical SSE stream: the last event id and {@code retry} it carried, and how
 * often reconnecting failed in a row (which backs off, capped). Not thread safe: owned by the stream's reader.
 */
final class Resumption {
  static final long DEFAULT_RETRY_MILLIS = 1000;
  static final long MAX_BACKOFF_MILLIS = 30_000;
  static final int MAX_RESUMES = 5;

  private @Nullable String lastEventId;
  private long retryMillis = DEFAULT_RETRY_MILLIS;
  private int failures;
  private int resumes;

  void saw(SseMessageReader reader) {
    String id = reader.lastEventId();
    if (id != null) {
      lastEventId = id;
    }
    if (reader.retryMillis() >= 0) {
      retryMillis = reader.retryMillis();
    }
  }

  @Nullable String lastEventIdOrNull() {
    return lastEventId;
  }

  String lastEventId() {
    return java.util.Objects.requireNonNull(lastEventId);
  }

  /** Before resuming a POST's stream: fails when it cannot be resumed, else waits {@code retry}. */
  void waitBeforeAttempt(RequestId awaited) throws IOException {
    if (lastEventId == null) {
      throw new IOException("the server ended the stream before answering request " + awaited
          + ", and sent no event id to resume it from");
    }
    if (++resumes > MAX_RESUMES) {
      throw new IOException("the server ended the stream for request " + awaited + " " + MAX_RESUMES
          + " times without answering it");
    }
    try {
      Thread.sleep(retryMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to resume the stream");
    }
  }

  void streamEnded() {
    failures = 0;
  }

  void failed() {
    failures++;
  }

  /** Waits before reconnecting: {@code retry} after a clean end, backing off after failures; false if interrupted. */
  boolean pause() {
    try {
      Thread.sleep(delayMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long delayMillis() {
    if (failures == 0) {
      return retryMillis;
    }
    return Math.min(MAX_BACKOFF_MILLIS, Math.max(retryMillis, 100) << Math.min(failures, 8));
  }
}
