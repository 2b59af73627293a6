package dev.switchboard.upstream.builtin.switchboard;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.BuiltinServer;
import dev.switchboard.upstream.builtin.Introspection;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.ToolResults;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The built-in {@code switchboard} server: tools that let a client see the gateway's servers, sessions and logs. */
public final class SwitchboardServer implements BuiltinServer {
  private final Introspection gateway;
  private final String version;

  public SwitchboardServer(Introspection gateway, String version) {
    this.gateway = gateway;
    this.version = version;
  }

  @Override
  public String name() {
    return "switchboard";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String instructions() {
    return "Switchboard's own server: inspect the MCP servers this gateway fronts, its sessions and server logs.";
  }

  @Override
  public List<Tool> tools() {
    return List.of(
        new Tool("list_servers", "List the MCP servers this gateway serves, with state and live connections.",
            ToolResults.schema(), (args, ctx) -> ToolResults.json(servers())),
        new Tool("list_sessions", "List the active client sessions (id prefix, server, protocol, activity).",
            ToolResults.schema(), (args, ctx) -> ToolResults.json(sessions())),
        new Tool("tail_log", "Show the last lines a server wrote to stderr.", tailSchema(), this::tail));
  }

  private ObjectNode servers() {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("servers");
    gateway.servers().forEach(s -> {
      ObjectNode node = list.addObject().put("name", s.name()).put("kind", s.kind())
          .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT)).put("connections", s.connections());
      if (s.lastError() != null) {
        node.put("lastError", s.lastError());
      }
    });
    return out;
  }

  private ObjectNode sessions() {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("sessions");
    gateway.sessions().forEach(s -> list.addObject().put("id", s.idPrefix()).put("server", s.server())
        .put("protocolVersion", s.protocolVersion()).put("state", s.state()).put("created", s.created().toString())
        .put("lastActive", s.lastActive().toString()).put("inFlight", s.inFlight()));
    return out;
  }

  private JsonNode tail(JsonNode args, ToolContext ctx) {
    String server = args.path("server").asString("");
    int lines = Math.max(1, Math.min(1000, args.path("lines").asInt(50)));
    if (!gateway.mayReadLogsOf(ctx.principal(), server)) {
      return ToolResults.error("Not allowed: the stderr of '" + server + "' is shown only to API keys whose scope "
          + "includes that server" + (ctx.principal() == null ? " (this connection serves no single key: serve the "
              + "switchboard server with sharing \"session\")" : ""));
    }
    return gateway.stderrTail(server, lines)
        .<JsonNode>map(tail -> ToolResults.text(tail.isEmpty() ? "(no stderr output)" : String.join("\n", tail)))
        .orElseGet(() -> ToolResults.error("No server named '" + server + "'"));
  }

  private static ObjectNode tailSchema() {
    ObjectNode schema = ToolResults.schema("server", "string", "lines", "integer");
    schema.putArray("required").add("server");
    return schema;
  }
}
