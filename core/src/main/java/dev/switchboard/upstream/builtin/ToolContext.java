package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.JsonRpcError;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a running tool may do besides returning: report progress, send notifications, and ask its client things
 * (such as {@code roots/list}). Used by the one thread running the call.
 */
public interface ToolContext {
  /** Sends {@code notifications/progress} when the caller asked for progress; otherwise does nothing. */
  void progress(double progress, @Nullable Double total, @Nullable String message);

  /** Sends {@code notifications/message} at the level, if the client's log level lets it through. */
  void log(String level, JsonNode data);

  /** Sends any notification to the caller's session. */
  void notify(String method, JsonNode params);

  /**
   * The API key name the calling session was opened with ({@code anonymous} without keys), or null when the
   * connection serves no single principal (a {@code shared} or {@code call} server, or outside the gateway).
   */
  default @Nullable String principal() {
    return null;
  }

  /** Whether the client declared {@code capability} (e.g. {@code roots}) in its {@code initialize}. */
  default boolean clientSupports(String capability) {
    return false;
  }

  /**
   * Sends a request to the client and waits at most {@code timeout} for its result. A JSON-RPC error from the client,
   * a missing capability or no answer in time all throw a {@link ToolException} that says which.
   */
  default JsonNode request(String method, @Nullable JsonNode params, Duration timeout)
      throws ToolException, InterruptedException {
    throw new ToolException(JsonRpcError.METHOD_NOT_FOUND, "this connection cannot send requests to its client");
  }
}
