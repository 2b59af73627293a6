package dev.switchboard.client;

import dev.switchboard.client.schema.Progress;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How one call behaves: its timeout (null: the client's default), where its progress goes (asking for progress adds
 * a progress token), whether progress restarts the timeout, and whether it may be retried after the session was lost.
 * Immutable; the {@code with*} methods return copies.
 */
public record CallOptions(@Nullable Duration timeout, @Nullable Consumer<Progress> onProgress,
    boolean resetTimeoutOnProgress, boolean retryable) {
  public static final CallOptions DEFAULT = new CallOptions(null, null, false, false);

  public static CallOptions timeout(Duration timeout) {
    return DEFAULT.withTimeout(timeout);
  }

  public static CallOptions progress(Consumer<Progress> listener) {
    return DEFAULT.withProgress(listener);
  }

  public CallOptions withTimeout(Duration value) {
    return new CallOptions(value, onProgress, resetTimeoutOnProgress, retryable);
  }

  /** Progress listeners run on the client's event thread, in order, before the call returns. */
  public CallOptions withProgress(Consumer<Progress> listener) {
    return new CallOptions(timeout, listener, resetTimeoutOnProgress, retryable);
  }

  public CallOptions withResetTimeoutOnProgress(boolean value) {
    return new CallOptions(timeout, onProgress, value, retryable);
  }

  /** Marks a tool call safe to send again on a new session when the old one expired before it was answered. */
  public CallOptions withRetryable(boolean value) {
    return new CallOptions(timeout, onProgress, resetTimeoutOnProgress, value);
  }
}
