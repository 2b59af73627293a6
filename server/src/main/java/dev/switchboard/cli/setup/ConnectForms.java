package dev.switchboard.cli.setup;

import dev.switchboard.protocol.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** The text {@code connect} prints for each client: shell commands and the JSON its config file needs. Stateless. */
final class ConnectForms {
  private ConnectForms() {}

  /** {@code {"<serversKey>": {name: entry, ...}}} for the client. */
  static ObjectNode document(Client client, Map<String, String> urls, @Nullable String apiKey) {
    ObjectNode root = Json.object();
    ObjectNode servers = root.putObject(client.serversKey());
    entries(client, urls, apiKey).forEach((name, entry) -> {
      servers.set(name, entry);
    });
    return root;
  }

  static Map<String, ObjectNode> entries(Client client, Map<String, String> urls, @Nullable String apiKey) {
    Map<String, ObjectNode> entries = new LinkedHashMap<>();
    urls.forEach((name, url) -> entries.put(name, client.entryFor(url, apiKey)));
    return entries;
  }

  /** {@code claude mcp add --transport http NAME URL}, one per server, with the key's header when there is one. */
  static List<String> claudeCodeCommands(Map<String, String> urls, @Nullable String apiKey) {
    return urls.entrySet().stream().map(e -> {
      List<String> argv = new ArrayList<>(List.of("claude", "mcp", "add", "--transport", "http", e.getKey(),
          e.getValue()));
      if (apiKey != null) {
        argv.addAll(List.of("--header", "Authorization: " + Client.bearer(apiKey)));
      }
      return CommandText.posix(argv);
    }).toList();
  }

  static void print(PrintWriter out, Client client, Map<String, String> urls, Platform platform,
      @Nullable String apiKey) {
    String file = client.connectFile(platform).toString();
    switch (client) {
      case CLAUDE_CODE -> {
        out.println("Run (add --scope user to make a server available in every project):");
        claudeCodeCommands(urls, apiKey).forEach(c -> out.println("  " + c));
        out.println();
        out.println("Or share them with a project through its .mcp.json (here: " + file + "):");
      }
      case CLAUDE_DESKTOP -> out.println("Claude Desktop's config launches only stdio commands, so each server goes "
          + "through mcp-remote (needs Node.js). Add to " + file + ", then restart Claude Desktop:");
      case CURSOR -> out.println("Add to " + file + " (or a project's .cursor/mcp.json):");
      case VSCODE -> out.println("Add to " + file + " (or to your user mcp.json, \"MCP: Open User Configuration\"):");
    }
    out.print(JsonFiles.pretty(document(client, urls, apiKey)));
    out.println();
    out.println("To merge this into " + file + " (after a backup): switchboard connect " + client.id() + " --write");
  }
}
