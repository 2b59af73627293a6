package dev.switchboard.upstream.builtin.review;

import dev.switchboard.protocol.Json;
import tools.jackson.databind.node.ObjectNode;

/** One problem found: where (1-based line and column), which rule, and what to do about it. Immutable. */
public record Finding(String rule, Severity severity, String file, int line, int column, String message,
    String excerpt, String fix) {

  public ObjectNode toJson() {
    ObjectNode node = Json.object().put("rule", rule).put("severity", severity.label()).put("file", file)
        .put("line", line).put("column", column).put("message", message).put("excerpt", excerpt);
    if (!fix.isEmpty()) {
      node.put("fix", fix);
    }
    return node;
  }
}
