package dev.switchboard.client;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.LineReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in review server for the CLI tests, run as a stdio child, with the built-in review server's tool contract:
 * {@code review_paths} with {@code paths} reports a medium finding for each line with TODO and a high one for each
 * line with FIXME, as structured findings. Single threaded.
 */
public final class FakeReviewServer {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private FakeReviewServer() {}

  public static void main(String[] args) throws IOException {
    LineReader lines = new LineReader(System.in, 1 << 20);
    LineReader.Frame frame;
    while ((frame = lines.next()) != null) {
      if (frame instanceof LineReader.Frame.Line line
          && MessageCodec.parse(line.bytes()) instanceof Message.Request request) {
        OUT.println(Json.text(Message.response(request.id(), answer(request)).node()));
      }
    }
  }

  private static JsonNode answer(Message.Request request) throws IOException {
    JsonNode params = request.params() == null ? Json.object() : request.params();
    return switch (request.method()) {
      case "initialize" -> Json.parse("{\"protocolVersion\":\"" + ProtocolVersion.negotiate(params
          .path("protocolVersion").asString("")) + "\",\"capabilities\":{\"tools\":{}},"
          + "\"serverInfo\":{\"name\":\"fake-review\",\"version\":\"1\"}}");
      case "tools/list" -> Json.parse("{\"tools\":[{\"name\":\"review_paths\",\"description\":\"Reviews files\","
          + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"paths\":{\"type\":\"array\","
          + "\"items\":{\"type\":\"string\"}}},\"required\":[\"paths\"]}}]}");
      case "tools/call" -> review(params.path("arguments").path("paths"));
      default -> Json.object();
    };
  }

  private static ObjectNode review(JsonNode paths) throws IOException {
    ObjectNode data = Json.object();
    ArrayNode findings = data.putArray("findings");
    for (JsonNode path : paths) {
      List<String> text = Files.readAllLines(Path.of(path.asString()));
      for (int i = 0; i < text.size(); i++) {
        String line = text.get(i);
        if (line.contains("FIXME")) {
          findings.addObject().put("file", path.asString()).put("line", i + 1).put("column", line.indexOf("FIXME") + 1)
              .put("severity", "high").put("rule", "fixme").put("message", "FIXME left in the code");
        } else if (line.contains("TODO")) {
          findings.addObject().put("file", path.asString()).put("line", i + 1).put("severity", "medium")
              .put("rule", "todo").put("message", "TODO left in the code");
        }
      }
    }
    ObjectNode result = Json.object();
    result.putArray("content").addObject().put("type", "text").put("text", findings.size() + " findings");
    result.set("structuredContent", data);
    return result;
  }
}
