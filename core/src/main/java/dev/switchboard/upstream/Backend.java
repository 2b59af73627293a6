package dev.switchboard.upstream;

/**
 * One configured server and the factory for connections to it. Thread safe: many sessions connect at once.
 * {@link #close()} stops whatever the backend itself holds (later: warm pools); connections close on their own.
 */
public interface Backend extends AutoCloseable {
  String name();

  /** Opens a new connection; throws {@link UpstreamException} naming the cause when the server cannot start. */
  Upstream connect(Upstream.Listener listener);

  /**
   * As {@link #connect(Upstream.Listener)} for a child that serves only {@code principal} (an API key's name): its
   * failures and stderr count for that key alone. Backends without per-key state ignore the principal.
   */
  default Upstream connect(Upstream.Listener listener, String principal) {
    return connect(listener);
  }

  BackendStatus status();

  /** How this server's children are shared, pooled, timed out and restarted. */
  default dev.switchboard.config.UpstreamPolicy policy() {
    return dev.switchboard.config.UpstreamPolicy.DEFAULTS;
  }

  /** Unexpected exits of this server's children, for backoff and crash-loop detection. */
  default FailureHistory failures() {
    return new FailureHistory(Integer.MAX_VALUE, java.time.Duration.ofMinutes(1), java.time.Duration.ZERO,
        java.time.Duration.ZERO);
  }

  /**
   * The roots configured for this server ({@code roots} in its entry), as {@code file:} URIs: what a child that
   * serves many clients is given instead of any one client's roots.
   */
  default java.util.List<String> roots() {
    return java.util.List.of();
  }

  /** The process ids of this server's live children (none for built-in servers), for their RSS and CPU. */
  default java.util.List<Long> childPids() {
    return java.util.List.of();
  }

  /** Captured stderr of this server's children (empty for built-in servers). */
  StderrLog log();

  /** What its children have done so far (none for a backend without children). */
  default ChildCounts counts() {
    return ChildCounts.NONE;
  }

  @Override
  default void close() {}
}
