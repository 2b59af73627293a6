package dev.switchboard.upstream.builtin;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What a running tool may do besides returning: report progress and send notifications to its caller. */
public interface ToolContext {
  /** Sends {@code notifications/progress} when the caller asked for progress; otherwise does nothing. */
  void progress(double progress, @Nullable Double total, @Nullable String message);

  /** Sends {@code notifications/message} at the level, if the client's log level lets it through. */
  void log(String level, JsonNode data);

  /** Sends any notification to the caller's session. */
  void notify(String method, JsonNode params);
}
