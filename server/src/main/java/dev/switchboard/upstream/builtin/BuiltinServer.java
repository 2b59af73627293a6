package dev.switchboard.upstream.builtin;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP server implemented in this JVM. The in-process upstream does the protocol (handshake, ping, listing and
 * calling tools, resources, errors); a server supplies its tools, optionally its {@link Resources}, and, for anything
 * else, extra method handlers (which also add their capabilities). Implementations must be thread safe: calls
 * arrive concurrently from every connection.
 */
public interface BuiltinServer extends AutoCloseable {
  String name();

  String version();

  default String instructions() {
    return "";
  }

  List<Tool> tools();

  /** The server's resources, or null when it has none; {@code resources/*} is then answered "method not found". */
  default @Nullable Resources resources() {
    return null;
  }

  /** Extra methods (e.g. {@code completion/complete}), keyed by method name. */
  default Map<String, MethodHandler> methods() {
    return Map.of();
  }

  /** Capabilities beyond {@code tools}, {@code logging} and {@code resources}. */
  default ObjectNode extraCapabilities() {
    return dev.switchboard.protocol.Json.object();
  }

  /** Releases what the server holds (watchers, threads); called once when its backend closes. Idempotent. */
  @Override
  default void close() {}

  /** Handles one request method; returns the result or throws {@link ToolException}-style errors. */
  @FunctionalInterface
  interface MethodHandler {
    tools.jackson.databind.JsonNode handle(tools.jackson.databind.JsonNode params, ToolContext context)
        throws Exception;
  }
}
