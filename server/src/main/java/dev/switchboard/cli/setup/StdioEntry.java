package dev.switchboard.cli.setup;

import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of a server entry that both clients and Switchboard understand: {@code command}, {@code args},
 * {@code env} and {@code cwd}. Two entries are "the same server" when these agree, whatever else either file says
 * (so Switchboard-only settings such as {@code pool} never make a re-import look like a conflict). Stateless.
 */
final class StdioEntry {
  static final List<String> KEYS = List.of("command", "args", "env", "cwd");

  private StdioEntry() {}

  /**
   * The canonical form: the four keys only, empty {@code args}/{@code env} left out. Returns null with a reason in
   * {@code problem} when a value has the wrong type.
   */
  static @Nullable ObjectNode normalize(JsonNode entry, List<String> problem) {
    ObjectNode out = Json.object();
    JsonNode command = entry.get("command");
    if (command == null || !command.isString() || command.asString().isBlank()) {
      problem.add("\"command\" is not a non-empty string");
      return null;
    }
    out.put("command", command.asString());
    JsonNode args = entry.get("args");
    if (args != null && !args.isNull()) {
      if (!args.isArray() || !allStrings(args.values())) {
        problem.add("\"args\" is not an array of strings");
        return null;
      }
      if (!args.isEmpty()) {
        out.set("args", args.deepCopy());
      }
    }
    JsonNode env = entry.get("env");
    if (env != null && !env.isNull()) {
      if (!env.isObject() || !allStrings(env.values())) {
        problem.add("\"env\" is not an object of strings");
        return null;
      }
      if (!env.isEmpty()) {
        out.set("env", env.deepCopy());
      }
    }
    JsonNode cwd = entry.get("cwd");
    if (cwd != null && !cwd.isNull()) {
      if (!cwd.isString()) {
        problem.add("\"cwd\" is not a string");
        return null;
      }
      out.put("cwd", cwd.asString());
    }
    return out;
  }

  /** Normalizes an entry already in Switchboard's config; a malformed one compares as its raw self. */
  static JsonNode comparable(JsonNode existing) {
    ObjectNode normalized = normalize(existing, new ArrayList<>());
    return normalized != null ? normalized : existing;
  }

  /** Which of the four keys differ, e.g. {@code "args, env"}; values are never shown, env may hold secrets. */
  static String differences(JsonNode a, JsonNode b) {
    List<String> keys = new ArrayList<>();
    for (String key : KEYS) {
      if (!a.path(key).equals(b.path(key))) {
        keys.add(key);
      }
    }
    return keys.isEmpty() ? "other settings" : String.join(", ", keys);
  }

  /** A one-line summary: the command line, then env names (not values) and cwd. */
  static String describe(JsonNode entry) {
    if (!entry.path("command").isString()) {
      return entry.path("builtin").isString() ? "built-in server " + entry.path("builtin").asString()
          : "(not a stdio server)";
    }
    StringBuilder line = new StringBuilder(CommandText.posix(commandLine(entry)));
    if (entry.path("env").isObject() && !entry.path("env").isEmpty()) {
      line.append("  env: ").append(String.join(", ", entry.path("env").propertyNames()));
    }
    if (entry.path("cwd").isString()) {
      line.append("  cwd: ").append(entry.path("cwd").asString());
    }
    return line.toString();
  }

  /** True when any value uses {@code ${...}} substitution, which clients expand and Switchboard passes on as is. */
  static boolean hasPlaceholders(JsonNode normalized) {
    for (String key : KEYS) {
      if (normalized.path(key).toString().contains("${")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> commandLine(JsonNode entry) {
    List<String> words = new ArrayList<>();
    words.add(entry.path("command").asString(""));
    entry.path("args").values().forEach(a -> words.add(a.asString("")));
    return words;
  }

  private static boolean allStrings(Iterable<JsonNode> values) {
    for (JsonNode v : values) {
      if (!v.isString()) {
        return false;
      }
    }
    return true;
  }

  /** Keys a client used that Switchboard does not import ({@code type} is implied, so not worth a word). */
  static List<String> droppedKeys(JsonNode entry) {
    List<String> dropped = new ArrayList<>();
    for (String key : entry.propertyNames()) {
      if (!KEYS.contains(key) && !key.equals("type")) {
        dropped.add(key);
      }
    }
    return dropped;
  }
}
