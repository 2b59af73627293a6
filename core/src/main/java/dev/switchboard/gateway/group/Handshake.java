package dev.switchboard.gateway.group;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.ProtocolVersion;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A group's {@code InitializeResult}: the union of its members' capabilities (a group always announces list changes,
 * since members come and go), their {@code instructions} each under its server's name, and the lowest protocol
 * revision any member settled on (the client's own when none answered). Stateless.
 */
public final class Handshake {
  private Handshake() {}

  /** One member's {@code InitializeResult}. */
  public record Answered(String member, JsonNode result) {}

  public static ObjectNode merge(String group, String version, String requested, List<Answered> members) {
    ObjectNode out = Json.object().put("protocolVersion", protocol(requested, members));
    ObjectNode caps = out.putObject("capabilities");
    members.forEach(m -> union(caps, m.result().path("capabilities")));
    for (String listed : List.of("tools", "prompts", "resources")) {
      if (listed.equals("tools") || caps.has(listed)) {
        ObjectNode section = caps.get(listed) instanceof ObjectNode o ? o : caps.putObject(listed);
        section.put("listChanged", true);
      }
    }
    out.putObject("serverInfo").put("name", "switchboard-group-" + group).put("version", version);
    String instructions = instructions(members);
    if (!instructions.isEmpty()) {
      out.put("instructions", instructions);
    }
    return out;
  }

  private static String protocol(String requested, List<Answered> members) {
    return members.stream().map(m -> m.result().path("protocolVersion").asString(""))
        .filter(v -> !v.isEmpty()).min(String::compareTo).orElse(ProtocolVersion.negotiate(requested));
  }

  /** Objects merge member by member; {@code true} wins over {@code false}; anything else keeps the first value. */
  private static void union(ObjectNode into, JsonNode from) {
    for (var e : from.properties()) {
      JsonNode mine = into.get(e.getKey());
      if (mine == null) {
        into.set(e.getKey(), e.getValue().deepCopy());
      } else if (mine instanceof ObjectNode o && e.getValue().isObject()) {
        union(o, e.getValue());
      } else if (mine.isBoolean() && e.getValue().isBoolean()) {
        into.put(e.getKey(), mine.asBoolean() || e.getValue().asBoolean());
      }
    }
  }

  private static String instructions(List<Answered> members) {
    StringBuilder out = new StringBuilder();
    for (Answered m : members) {
      String text = m.result().path("instructions").asString("");
      if (!text.isBlank()) {
        out.append(out.isEmpty() ? "" : "\n\n").append("## ").append(m.member()).append(" (tools prefixed ")
            .append(m.member()).append(Names.SEPARATOR).append(")\n").append(text.strip());
      }
    }
    return out.toString();
  }
}
