package dev.switchboard.upstream.builtin;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP server implemented in this JVM. The in-process upstream does the protocol (handshake, ping, listing and
 * calling tools, errors); a server supplies its tools and, for anything beyond tools, extra method handlers (which
 * also add their capabilities). Implementations must be thread safe: calls arrive concurrently.
 */
public interface BuiltinServer {
  String name();

  String version();

  default String instructions() {
    return "";
  }

  List<Tool> tools();

  /** Extra methods (e.g. {@code resources/list}), keyed by method name. */
  default Map<String, MethodHandler> methods() {
    return Map.of();
  }

  /** Capabilities beyond {@code tools} and {@code logging}, e.g. {@code {"resources":{"subscribe":true}}}. */
  default ObjectNode extraCapabilities() {
    return dev.switchboard.protocol.Json.object();
  }

  /** Handles one request method; returns the result or throws {@link ToolException}-style errors. */
  @FunctionalInterface
  interface MethodHandler {
    tools.jackson.databind.JsonNode handle(tools.jackson.databind.JsonNode params, ToolContext context)
        throws Exception;
  }
}
