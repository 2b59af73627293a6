package dev.switchboard.transport.http;

import dev.switchboard.protocol.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.JsonNode;

/**
 * The {@code x-mcp-header} annotations of the tools each endpoint (a server or a group) has listed to 2026-07-28
 * clients, learnt from the {@code tools/list} answers the gateway writes, so that a {@code tools/call}'s
 * {@code Mcp-Param-*} headers are checked against its body as the revision requires of whoever processes the body.
 * A tool the gateway has not listed since it started has no recognised headers: they are ignored, as an
 * intermediary ignores headers it does not recognise. Thread safe: requests learn and check concurrently.
 */
final class ToolParams {
  /** Tools remembered per endpoint: a child writes its list, so what it can make the gateway hold is bounded. */
  static final int MAX_TOOLS = 4_096;

  private final Map<String, Map<String, List<ParamHeaders.Param>>> byEndpoint = new ConcurrentHashMap<>();

  /** Learns the annotations in one page of {@code endpoint}'s {@code tools/list} result. */
  void learn(String endpoint, JsonNode result) {
    JsonNode tools = result.path("tools");
    if (!tools.isArray()) {
      return;
    }
    Map<String, List<ParamHeaders.Param>> known = byEndpoint.computeIfAbsent(endpoint,
        e -> new ConcurrentHashMap<>());
    for (JsonNode tool : tools) {
      learn(known, tool.path("name").asString(""), ParamHeaders.of(tool.path("inputSchema")));
    }
  }

  private static void learn(Map<String, List<ParamHeaders.Param>> known, String tool,
      List<ParamHeaders.Param> params) {
    if (params.isEmpty()) {
      known.remove(tool); // a schema that lost its annotations must stop asking for headers
    } else if (known.size() < MAX_TOOLS || known.containsKey(tool)) {
      known.put(tool, params);
    }
  }

  /** Refuses (with {@link StandardHeaders.Mismatch}) a {@code tools/call} whose parameter headers are not its body. */
  void check(String endpoint, Message.Request request, Request http) {
    JsonNode params = request.params();
    if (params != null && request.method().equals("tools/call")) {
      List<ParamHeaders.Param> annotated = annotated(endpoint, params.path("name").asString(""));
      if (!annotated.isEmpty()) {
        ParamHeaders.check(annotated, params.path("arguments"), http.getHeaders()::get);
      }
    }
  }

  /** The annotated parameters of {@code endpoint}'s {@code tool}, as last listed; none if never listed. */
  List<ParamHeaders.Param> annotated(String endpoint, String tool) {
    Map<String, List<ParamHeaders.Param>> known = byEndpoint.get(endpoint);
    List<ParamHeaders.Param> params = known == null ? null : known.get(tool);
    return params == null ? List.of() : params;
  }

  /** Learns from {@code answer} when it is the result of {@code request}, a {@code tools/list}. */
  void answered(String endpoint, Message.Request request, Message answer) {
    if (request.method().equals("tools/list") && answer instanceof Message.Response response) {
      learn(endpoint, response.result());
    }
  }
}
