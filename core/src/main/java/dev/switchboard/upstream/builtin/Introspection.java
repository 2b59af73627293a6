package dev.switchboard.upstream.builtin;

import dev.switchboard.upstream.BackendStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What the gateway lets its own built-in server see; implemented by the gateway, read from any thread. */
public interface Introspection {
  List<BackendStatus> servers();

  List<SessionInfo> sessions();

  /**
   * Whether {@code principal} (an API key name; null when unknown) may see what {@code server} wrote to stderr: only a
   * key whose scope includes that server, or anyone when no keys are configured. Outside the gateway, everyone may.
   */
  default boolean mayReadLogsOf(@Nullable String principal, String server) {
    return true;
  }

  /** The last {@code lines} stderr lines of a server, or empty when no such server exists. */
  Optional<List<String>> stderrTail(String server, int lines);

  /** One session as reported to operators: never its secrets. */
  record SessionInfo(String idPrefix, String server, String protocolVersion, String state, Instant created,
      Instant lastActive, int inFlight) {}
}
