package dev.switchboard.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code mcpServers}: either a stdio command or a built-in server. {@code options} keeps the whole entry
 * so a built-in server can read its own keys (a vault path, rule files) without this record knowing them.
 */
public record ServerSpec(
    String name,
    @Nullable String command,
    List<String> args,
    Map<String, String> env,
    @Nullable Path cwd,
    @Nullable String builtin,
    UpstreamPolicy policy,
    ObjectNode options,
    List<ListenAddress> listen) {

  public ServerSpec {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    listen = List.copyOf(listen);
  }

  /** A server reached over HTTP only. */
  public ServerSpec(String name, @Nullable String command, List<String> args, Map<String, String> env,
      @Nullable Path cwd, @Nullable String builtin, UpstreamPolicy policy, ObjectNode options) {
    this(name, command, args, env, cwd, builtin, policy, options, List.of());
  }

  public boolean isBuiltin() {
    return builtin != null;
  }

  /**
   * Whether the server speaks only a stateless revision (entry {@code "protocol": "2026-07-28"}): the gateway then
   * plays the legacy side for it (no {@code initialize}; {@code _meta} on every request; input requests answered).
   */
  public boolean speaksStateless() {
    return dev.switchboard.protocol.ProtocolVersion.isModern(options.path("protocol").asString(""));
  }

  /** Where the entry's own 2024-11-05 SSE stream is served besides {@code /sse/NAME} (entry {@code "ssePath"}). */
  public @Nullable String ssePath() {
    return options.path("ssePath").isString() ? options.get("ssePath").asString() : null;
  }

  /** Whether the entry names its revision; without it a child refusing {@code initialize} is probed for 2026-07-28. */
  public boolean namesProtocol() {
    return options.path("protocol").isString();
  }
}
