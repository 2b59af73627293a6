package dev.switchboard.testing;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The JSON-RPC messages in a Streamable HTTP answer, whether it came as one JSON body, an array, or SSE events. */
public final class Replies {
  private Replies() {}

  public static List<JsonNode> messages(HttpResponse<String> r) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("text/event-stream")) {
      SseReader sse = new SseReader(new StringReader(r.body()));
      for (SseEvent e; (e = sse.next()) != null;) {
        if (!e.data().isBlank()) {
          out.add(Json.parse(e.data()));
        }
      }
    } else if (type.startsWith("application/json") && !r.body().isBlank()) {
      JsonNode node = Json.parse(r.body());
      if (node.isArray()) {
        node.forEach(out::add);
      } else {
        out.add(node);
      }
    }
    return out;
  }
}
