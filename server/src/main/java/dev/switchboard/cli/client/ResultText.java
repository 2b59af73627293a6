package dev.switchboard.cli.client;

import dev.switchboard.client.schema.Content;
import dev.switchboard.client.schema.ResourceContents;
import dev.switchboard.client.schema.ToolResult;
import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tool result for a person: text as it is, binary content and resources as one-line summaries, and the structured
 * content as JSON when there is nothing else to show. Stateless.
 */
final class ResultText {
  private ResultText() {}

  static String render(ToolResult result) {
    List<String> blocks = new ArrayList<>();
    result.content().forEach(c -> blocks.add(block(c)));
    if (blocks.isEmpty() && result.structuredContent() != null) {
      blocks.add(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.structuredContent()));
    }
    String text = String.join("\n", blocks);
    return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
  }

  static String block(Content content) {
    return switch (content) {
      case Content.Text text -> text.text();
      case Content.Image image -> "[image: " + image.mimeType() + ", " + size(decodedBytes(image.data())) + "]";
      case Content.Audio audio -> "[audio: " + audio.mimeType() + ", " + size(decodedBytes(audio.data())) + "]";
      case Content.ResourceLink link -> "[resource link: " + link.name() + " <" + link.uri() + ">"
          + (link.mimeType() == null ? "" : " (" + link.mimeType() + ")") + "]";
      case Content.EmbeddedResource embedded -> "[resource: " + resource(embedded.resource()) + "]";
      case Content.Other other -> "[" + other.type() + " content]";
    };
  }

  private static String resource(ResourceContents r) {
    String type = r.mimeType() == null ? "" : r.mimeType() + ", ";
    if (r.text() != null) {
      return r.uri() + " (" + type + r.text().length() + " characters)";
    }
    return r.uri() + " (" + type + size(r.blob() == null ? 0 : decodedBytes(r.blob())) + ")";
  }

  /** The size of base64 data once decoded, without decoding it. */
  static long decodedBytes(String base64) {
    String data = base64.strip();
    int padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
    return Math.max(0, data.length() * 3L / 4 - padding);
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    return String.format(Locale.ROOT, bytes < 1024 * 1024 ? "%.1f KiB" : "%.1f MiB",
        bytes / (bytes < 1024 * 1024 ? 1024.0 : 1024.0 * 1024));
  }
}
