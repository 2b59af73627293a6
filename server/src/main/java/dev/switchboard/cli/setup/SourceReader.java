package dev.switchboard.cli.setup;

import dev.switchboard.config.Config;
import dev.switchboard.daemon.SelfLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the servers out of one client file, whatever the client: {@code mcpServers} (Claude Desktop, Claude Code,
 * Cursor), {@code servers} (VS Code) and every {@code projects.<path>.mcpServers} (Claude Code's
 * {@code ~/.claude.json}). Each entry becomes an offer or a skip. Not thread safe; one per import.
 */
final class SourceReader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> REMOTE_TYPES = Set.of("http", "sse", "streamable-http", "streamableHttp", "ws");

  private final SelfLoop self;
  private final Platform platform;
  private final List<ServerOffer> offers = new ArrayList<>();
  private final List<Skip> skips = new ArrayList<>();

  /** {@code self}: Switchboard's own addresses and launchers, so an entry that reaches it is not imported as a loop. */
  SourceReader(SelfLoop self, Platform platform) {
    this.self = self;
    this.platform = platform;
  }

  List<ServerOffer> offers() {
    return List.copyOf(offers);
  }

  List<Skip> skips() {
    return List.copyOf(skips);
  }

  void read(Path file) throws UnusableFileException {
    ObjectNode root = JsonFiles.readObject(file);
    collect(file, root.get("mcpServers"), List.of("mcpServers"), file.toString());
    collect(file, root.get("servers"), List.of("servers"), file.toString());
    JsonNode projects = root.get("projects");
    if (projects != null && projects.isObject()) {
      for (var project : projects.properties()) {
        collect(file, project.getValue().get("mcpServers"), List.of("projects", project.getKey(), "mcpServers"),
            file + " (project " + project.getKey() + ")");
      }
    }
  }

  private void collect(Path file, @Nullable JsonNode servers, List<String> pointer, String source)
      throws UnusableFileException {
    String key = String.join(".", pointer);
    if (servers == null || servers.isNull()) {
      return;
    }
    if (!servers.isObject()) {
      throw new UnusableFileException(file, "\"" + key + "\" is not an object of named servers");
    }
    for (var entry : servers.properties()) {
      String reason = classify(entry.getKey(), entry.getValue(), new Origin(source, file, pointer));
      if (reason != null) {
        skips.add(new Skip(entry.getKey(), source, reason));
      }
    }
  }

  /** Where an entry sits: for people, and as the file and the keys leading to its servers object. */
  private record Origin(String source, Path file, List<String> pointer) {}

  /** Adds an offer and returns null, or returns why the entry is skipped. */
  private @Nullable String classify(String name, JsonNode value, Origin origin) {
    if (!value.isObject()) {
      return "not an object";
    }
    String remote = remoteUrl(value);
    if (remote != null) {
      return "remote server (" + remote + "); Switchboard imports stdio servers only, so keep it in the client";
    }
    if (value.path("disabled").asBoolean(false)) {
      return "disabled in the source";
    }
    if (!NAME.matcher(name).matches()) {
      return "Switchboard names use only letters, digits, '.', '_' and '-' (at most 64)";
    }
    if (name.equals(Config.BUILTIN_NAME)) {
      return "the name is reserved for Switchboard's built-in server";
    }
    List<String> problem = new ArrayList<>();
    ObjectNode normalized = StdioEntry.normalize(value, problem);
    if (normalized == null) {
      return "not a usable stdio server: " + problem.get(0);
    }
    String loop = loop(normalized);
    if (loop != null) {
      return "it reaches Switchboard itself; importing it would make a loop: " + loop;
    }
    offers.add(new ServerOffer(name, normalized, origin.source(), notes(value, normalized), origin.file(),
        origin.pointer(), value));
    return null;
  }

  private static @Nullable String remoteUrl(JsonNode value) {
    for (String key : List.of("url", "serverUrl", "httpUrl")) {
      if (value.path(key).isString()) {
        return value.path(key).asString();
      }
    }
    String type = value.path("type").asString("");
    return REMOTE_TYPES.contains(type) && !value.has("command") ? type + " transport" : null;
  }

  private @Nullable String loop(JsonNode normalized) {
    List<String> args = normalized.path("args").values().stream().map(a -> a.asString("")).toList();
    Map<String, String> env = new HashMap<>(platform.env());
    normalized.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString("")));
    Path cwd = normalized.path("cwd").isString() ? platform.resolve(Path.of(normalized.path("cwd").asString()))
        : platform.cwd();
    return self.reason(normalized.path("command").asString(""), args, env, cwd).orElse(null);
  }

  private static List<String> notes(JsonNode value, JsonNode normalized) {
    List<String> notes = new ArrayList<>();
    List<String> dropped = StdioEntry.droppedKeys(value);
    if (!dropped.isEmpty()) {
      notes.add("not imported: " + String.join(", ", dropped));
    }
    if (StdioEntry.hasPlaceholders(normalized)) {
      notes.add("uses ${...} placeholders, which Switchboard passes to the server unexpanded");
    }
    return notes;
  }
}
