package dev.switchboard.config;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and validates a config file. Validation is exhaustive: it collects every problem (unknown keys, wrong types,
 * bad durations and sizes) before failing, so a user fixes the file in one pass. Not thread safe; use once.
 */
public final class ConfigLoader {
  private static final Set<String> TOP = Set.of("mcpServers", "gateway", "$schema");
  private static final Set<String> SERVER = Set.of("command", "args", "env", "cwd", "builtin", "type", "disabled",
      "description", "vault", "roots", "rules", "sharing", "pool", "timeouts", "restart");
  private static final Set<String> GATEWAY = Set.of("host", "port", "portRetries", "defaultServer", "sessions", "limits",
      "allowedHosts", "allowedOrigins", "heartbeat", "shutdownGrace", "logging", "upstreams");
  private static final Set<String> UPSTREAMS = Set.of("maxChildren", "maxConcurrentSpawns", "acquireTimeout");
  private static final Set<String> POOL = Set.of("warm", "max", "pinned");
  private static final Set<String> TIMEOUTS = Set.of("request", "methods", "max", "ping", "pingTimeout");
  private static final Set<String> RESTART = Set.of("maxFailures", "window", "backoff", "maxBackoff");
  private static final Set<String> LOGGING = Set.of("maxFileSize", "maxFiles", "requests", "level");
  private static final Set<String> SESSIONS = Set.of("idleTimeout", "max");
  private static final Set<String> LIMITS = Set.of("maxBodyBytes", "maxLineBytes", "maxStreamEvents");
  private static final Set<String> BUILTINS = Set.of("switchboard");

  private final List<ConfigException.Problem> problems = new ArrayList<>();

  private ConfigLoader() {}

  /** Loads the file; a missing file is an error here (callers decide whether "no file" means defaults). */
  public static Config load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of(new ConfigException.Problem("$", "file not found")));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of(new ConfigException.Problem("$", "cannot read: " + e)));
    }
    return parse(bytes, file);
  }

  public static Config parse(byte[] bytes, @Nullable Path source) {
    String name = source == null ? "<config>" : source.toString();
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (JacksonException e) {
      var where = e.getLocation();
      String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      throw new ConfigException(name, List.of(new ConfigException.Problem("$", "not valid JSON" + at + ": "
          + e.getOriginalMessage())));
    }
    return new ConfigLoader().read(root, source, name);
  }

  private Config read(JsonNode root, @Nullable Path source, String name) {
    if (!root.isObject()) {
      problem("$", "expected an object with \"mcpServers\" and an optional \"gateway\"");
      throw new ConfigException(name, problems);
    }
    keys(root, "$", TOP);
    Map<String, ServerSpec> servers = servers(root.path("mcpServers"));
    GatewaySettings gateway = gateway(root.path("gateway"));
    if (gateway.defaultServer() != null && !servers.containsKey(gateway.defaultServer())
        && !Config.BUILTIN_NAME.equals(gateway.defaultServer())) {
      problem("$.gateway.defaultServer", "names no server in mcpServers: \"" + gateway.defaultServer() + "\"");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(name, problems);
    }
    return new Config(servers, gateway, source);
  }

  private Map<String, ServerSpec> servers(JsonNode node) {
    Map<String, ServerSpec> servers = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return servers;
    }
    if (!node.isObject()) {
      problem("$.mcpServers", "expected an object of named servers");
      return servers;
    }
    for (var entry : node.properties()) {
      String path = "$.mcpServers." + entry.getKey();
      if (!entry.getKey().matches("[A-Za-z0-9_.-]{1,64}")) {
        problem(path, "a server name may use only letters, digits, '.', '_' and '-' (at most 64)");
      }
      ServerSpec spec = server(entry.getKey(), entry.getValue(), path);
      if (spec != null && !entry.getValue().path("disabled").asBoolean(false)) {
        servers.put(entry.getKey(), spec);
      }
    }
    return servers;
  }

  private @Nullable ServerSpec server(String name, JsonNode node, String path) {
    if (!(node instanceof ObjectNode object)) {
      problem(path, "expected an object with \"command\" or \"builtin\"");
      return null;
    }
    keys(node, path, SERVER);
    String command = string(node, "command", path);
    String builtin = string(node, "builtin", path);
    if ((command == null) == (builtin == null)) {
      problem(path, "needs exactly one of \"command\" (a stdio server) or \"builtin\" (one of " + BUILTINS + ")");
    }
    if (builtin != null && !BUILTINS.contains(builtin)) {
      problem(path + ".builtin", "unknown built-in server \"" + builtin + "\"; known: " + BUILTINS);
    }
    String cwd = string(node, "cwd", path);
    return new ServerSpec(name, command, strings(node, "args", path), stringMap(node, "env", path),
        cwd == null ? null : Path.of(expandHome(cwd)), builtin, policy(node, path), object);
  }

  private GatewaySettings gateway(JsonNode node) {
    GatewaySettings d = GatewaySettings.defaults();
    if (node.isMissingNode()) {
      return d;
    }
    String path = "$.gateway";
    if (!node.isObject()) {
      problem(path, "expected an object");
      return d;
    }
    keys(node, path, GATEWAY);
    String host = string(node, "host", path);
    int port = integer(node, "port", path, d.port(), 0, 65535);
    return new GatewaySettings(host == null ? d.host() : host, port,
        integer(node, "portRetries", path, d.portRetries(), 0, 1000), string(node, "defaultServer", path),
        sessions(node.path("sessions"), path + ".sessions"), limits(node.path("limits"), path + ".limits"),
        strings(node, "allowedHosts", path), strings(node, "allowedOrigins", path),
        duration(node, "heartbeat", path, d.heartbeat()), duration(node, "shutdownGrace", path, d.shutdownGrace()),
        logging(node.path("logging"), path + ".logging"), upstreamLimits(node.path("upstreams"),
        path + ".upstreams"));
  }

  private SessionSettings sessions(JsonNode raw, String path) {
    SessionSettings d = SessionSettings.DEFAULTS;
    JsonNode node = object(raw, path, SESSIONS);
    if (node.isMissingNode()) {
      return d;
    }
    return new SessionSettings(duration(node, "idleTimeout", path, d.idleTimeout()),
        integer(node, "max", path, d.max(), 1, Integer.MAX_VALUE));
  }

  private Limits limits(JsonNode raw, String path) {
    Limits d = Limits.DEFAULTS;
    JsonNode node = object(raw, path, LIMITS);
    if (node.isMissingNode()) {
      return d;
    }
    return new Limits(size(node, "maxBodyBytes", path, d.maxBodyBytes()),
        (int) Math.min(Integer.MAX_VALUE, size(node, "maxLineBytes", path, d.maxLineBytes())),
        integer(node, "maxStreamEvents", path, d.maxStreamEvents(), 16, Integer.MAX_VALUE));
  }

  private UpstreamLimits upstreamLimits(JsonNode raw, String path) {
    UpstreamLimits d = UpstreamLimits.DEFAULTS;
    JsonNode node = object(raw, path, UPSTREAMS);
    if (node.isMissingNode()) {
      return d;
    }
    return new UpstreamLimits(integer(node, "maxChildren", path, d.maxChildren(), 1, 100_000),
        integer(node, "maxConcurrentSpawns", path, d.maxConcurrentSpawns(), 1, 1000),
        duration(node, "acquireTimeout", path, d.acquireTimeout()));
  }

  private UpstreamPolicy policy(JsonNode node, String path) {
    UpstreamPolicy d = UpstreamPolicy.DEFAULTS;
    Sharing sharing = sharing(node, path);
    JsonNode pool = section(node, "pool", path, POOL);
    JsonNode timeouts = section(node, "timeouts", path, TIMEOUTS);
    JsonNode restart = section(node, "restart", path, RESTART);
    int max = integer(pool, "max", path + ".pool", sharing == Sharing.SHARED ? 1 : d.max(), 1, 10_000);
    int warm = integer(pool, "warm", path + ".pool", d.warm(), 0, 10_000);
    if (warm > max) {
      problem(path + ".pool.warm", "cannot exceed pool.max (" + max + ")");
    }
    JsonNode pinned = pool.get("pinned");
    if (pinned != null && !pinned.isBoolean()) {
      problem(path + ".pool.pinned", "expected true or false");
      pinned = null;
    }
    Duration request = duration(timeouts, "request", path + ".timeouts", d.requestTimeout());
    return new UpstreamPolicy(sharing, warm, max, pinned != null && pinned.asBoolean(), request,
        methodTimeouts(timeouts.path("methods"), path + ".timeouts.methods", d),
        duration(timeouts, "max", path + ".timeouts", d.maxTimeout()),
        duration(timeouts, "ping", path + ".timeouts", d.pingInterval()),
        duration(timeouts, "pingTimeout", path + ".timeouts", d.pingTimeout()),
        integer(restart, "maxFailures", path + ".restart", d.maxFailures(), 1, 1000),
        duration(restart, "window", path + ".restart", d.failureWindow()),
        duration(restart, "backoff", path + ".restart", d.backoffInitial()),
        duration(restart, "maxBackoff", path + ".restart", d.backoffMax()));
  }

  private Sharing sharing(JsonNode node, String path) {
    String value = string(node, "sharing", path);
    if (value == null) {
      return UpstreamPolicy.DEFAULTS.sharing();
    }
    try {
      return Sharing.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problem(path + ".sharing", "expected \"session\", \"shared\" or \"call\", got \"" + value + "\"");
      return UpstreamPolicy.DEFAULTS.sharing();
    }
  }

  private Map<String, Duration> methodTimeouts(JsonNode node, String path, UpstreamPolicy d) {
    Map<String, Duration> out = new LinkedHashMap<>(d.methodTimeouts());
    if (node.isMissingNode()) {
      return out;
    }
    if (!node.isObject()) {
      problem(path, "expected an object of method names to durations, e.g. {\"tools/call\": \"10m\"}");
      return out;
    }
    for (String method : node.propertyNames()) {
      out.put(method, duration(node, method, path, d.requestTimeout()));
    }
    return out;
  }

  /** A nested object of known keys, or a missing node when absent (so lookups fall back to defaults). */
  private JsonNode section(JsonNode node, String key, String path, Set<String> known) {
    return object(node.path(key), path + "." + key, known);
  }

  /** The value as an object of known keys; anything else is reported and read as absent. */
  private JsonNode object(JsonNode value, String path, Set<String> known) {
    if (value.isMissingNode() || value.isNull()) {
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    if (!value.isObject()) {
      problem(path, "expected an object, got " + kind(value));
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    keys(value, path, known);
    return value;
  }

  private LogSettings logging(JsonNode raw, String path) {
    LogSettings d = LogSettings.DEFAULTS;
    JsonNode node = object(raw, path, LOGGING);
    if (node.isMissingNode()) {
      return d;
    }
    String level = string(node, "level", path);
    if (level != null && !Set.of("trace", "debug", "info", "warn", "error").contains(level.toLowerCase())) {
      problem(path + ".level", "expected one of trace, debug, info, warn, error");
    }
    JsonNode requests = node.get("requests");
    if (requests != null && !requests.isBoolean()) {
      problem(path + ".requests", "expected true or false");
      requests = null;
    }
    return new LogSettings(size(node, "maxFileSize", path, d.maxFileSize()),
        integer(node, "maxFiles", path, d.maxFiles(), 1, 100), requests == null ? d.requests() : requests.asBoolean(),
        level == null ? d.level() : level.toLowerCase());
  }

  private void keys(JsonNode node, String path, Set<String> known) {
    for (String key : node.propertyNames()) {
      if (!known.contains(key)) {
        problem(path + "." + key, "unknown key; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  private @Nullable String string(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      problem(path + "." + key, "expected a string, got " + kind(value));
      return null;
    }
    return value.asString();
  }

  private List<String> strings(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      problem(path + "." + key, "expected an array of strings, got " + kind(value));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (value.get(i).isString()) {
        out.add(value.get(i).asString());
      } else {
        problem(path + "." + key + "[" + i + "]", "expected a string, got " + kind(value.get(i)));
      }
    }
    return out;
  }

  private Map<String, String> stringMap(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      problem(path + "." + key, "expected an object of strings, got " + kind(value));
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : value.properties()) {
      if (e.getValue().isString()) {
        out.put(e.getKey(), e.getValue().asString());
      } else {
        problem(path + "." + key + "." + e.getKey(), "expected a string, got " + kind(e.getValue()));
      }
    }
    return out;
  }

  private int integer(JsonNode node, String key, String path, int fallback, int min, int max) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
      problem(path + "." + key, "expected an integer from " + min + " to " + max + ", got " + value);
      return fallback;
    }
    return value.asInt();
  }

  private Duration duration(JsonNode node, String key, String path, Duration fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    try {
      if (value.isNumber()) {
        return Duration.ofMillis(nonNegative(value));
      }
      return Units.duration(value.isString() ? value.asString() : value.toString());
    } catch (IllegalArgumentException e) {
      problem(path + "." + key, e.getMessage());
      return fallback;
    }
  }

  private long size(JsonNode node, String key, String path, long fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    try {
      if (value.isNumber()) {
        return nonNegative(value);
      }
      return Units.size(value.isString() ? value.asString() : value.toString());
    } catch (IllegalArgumentException e) {
      problem(path + "." + key, e.getMessage());
      return fallback;
    }
  }

  /** A plain number of milliseconds or bytes: whole, not negative, within range. */
  private static long nonNegative(JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new IllegalArgumentException("expected a whole number from 0 to " + Long.MAX_VALUE + " (or a string "
          + "with a unit), got " + value);
    }
    return value.asLong();
  }

  private void problem(String path, String message) {
    problems.add(new ConfigException.Problem(path, message));
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  static String expandHome(String path) {
    return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }
}
