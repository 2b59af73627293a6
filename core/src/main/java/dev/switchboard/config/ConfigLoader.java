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
import java.util.Locale;
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
  private static final Set<String> TOP = Set.of("mcpServers", "gateway", "$schema", "cluster");
  private static final Set<String> SERVER = Set.of("command", "args", "env", "cwd", "builtin", "type", "disabled",
      "description", "vault", "roots", "rules", "sharing", "pool", "timeouts", "restart", "listen", "protocol",
      "ssePath");
  /** First path segments the gateway serves itself: a server's {@code ssePath} may not start with one. */
  private static final Set<String> RESERVED_PATHS = Set.of("mcp", "sse", "messages", "rpc", "session", "ws",
      "health", "ready", "metrics", "ui", "admin", ".well-known");
  private static final Set<String> GATEWAY = Set.of("host", "port", "portRetries", "defaultServer", "sessions",
      "limits",
      "allowedHosts", "allowedOrigins", "heartbeat", "shutdownGrace", "logging", "upstreams", "auth", "cors",
      "trustProxy",
      "tls", "metrics", "groups", "ioThreads");
  private static final Set<String> UPSTREAMS = Set.of("maxChildren", "maxConcurrentSpawns", "acquireTimeout");
  private static final Set<String> POOL = Set.of("warm", "max", "pinned");
  private static final Set<String> TIMEOUTS = Set.of("request", "methods", "max", "ping", "pingTimeout");
  private static final Set<String> RESTART = Set.of("maxFailures", "window", "backoff", "maxBackoff");
  private static final Set<String> LOGGING = Set.of("maxFileSize", "maxFiles", "requests", "level", "access",
      "payloads");
  private static final Set<String> SESSIONS = Set.of("idleTimeout", "max", "rpcIdleTimeout", "unusedGrace",
      "inputTimeout");
  private static final Set<String> LIMITS = Set.of("maxBodyBytes", "maxLineBytes", "maxStreamEvents",
      "maxRetainedEvents",
      "maxHeaderBytes", "maxInFlightPerSession");
  private static final Set<String> BUILTINS = Set.of("switchboard", "notes", "review");

  private final Fields f = new Fields();

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
      f.problem("$", "expected an object with \"mcpServers\" and an optional \"gateway\"");
      throw new ConfigException(name, f.problems);
    }
    f.keys(root, "$", TOP);
    Map<String, ServerSpec> servers = servers(root.path("mcpServers"));
    GatewaySettings gateway = gateway(root.path("gateway"), servers.keySet());
    if (gateway.defaultServer() != null && !servers.containsKey(gateway.defaultServer())
        && !Config.BUILTIN_NAME.equals(gateway.defaultServer())) {
      f.problem("$.gateway.defaultServer", "names no server in mcpServers: \"" + gateway.defaultServer() + "\"");
    }
    checkListenUnique(servers.values(), gateway.groups().values());
    checkSsePathsUnique(servers.values());
    ClusterSettings cluster = new ClusterLoader(f).read(root.path("cluster"));
    if (!f.problems.isEmpty()) {
      throw new ConfigException(name, f.problems);
    }
    return new Config(servers, gateway, source, false, cluster);
  }

  private Map<String, ServerSpec> servers(JsonNode node) {
    Map<String, ServerSpec> servers = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return servers;
    }
    if (!node.isObject()) {
      f.problem("$.mcpServers", "expected an object of named servers");
      return servers;
    }
    for (var entry : node.properties()) {
      String path = "$.mcpServers." + entry.getKey();
      if (!entry.getKey().matches("[A-Za-z0-9_.-]{1,64}")) {
        f.problem(path, "a server name may use only letters, digits, '.', '_' and '-' (at most 64)");
      }
      ServerSpec spec = server(entry.getKey(), entry.getValue(), path);
      if (spec != null && !entry.getValue().path("disabled").asBoolean(false)) {
        servers.put(entry.getKey(), spec);
      }
    }
    return servers;
  }

  /** Two listeners on one address would fail at start; say which servers or groups collide now. */
  private void checkListenUnique(java.util.Collection<ServerSpec> servers, java.util.Collection<GroupSpec> groups) {
    Map<String, String> owners = new LinkedHashMap<>();
    servers.forEach(s -> claim(owners, s.listen(), "$.mcpServers." + s.name(), "server \"" + s.name() + "\""));
    groups.forEach(g -> claim(owners, g.listen(), "$.gateway.groups." + g.name(), "group \"" + g.name() + "\""));
  }

  private void checkSsePathsUnique(java.util.Collection<ServerSpec> servers) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (ServerSpec s : servers) {
      String other = s.ssePath() == null ? null : owners.putIfAbsent(s.ssePath(), s.name());
      if (other != null) {
        f.problem("$.mcpServers." + s.name() + ".ssePath", s.ssePath() + " is already the ssePath of server \""
            + other + "\"");
      }
    }
  }

  /** A server's own path for the 2024-11-05 SSE stream, beside {@code /sse/NAME}: one the gateway does not serve. */
  private void ssePath(JsonNode node, String path) {
    String value = f.string(node, "ssePath", path);
    if (value == null) {
      return;
    }
    String first = value.length() > 1 ? value.substring(1).split("/", -1)[0] : "";
    if (!value.matches("(/[A-Za-z0-9._~-]+)+")) {
      f.problem(path + ".ssePath", "expected a path such as \"/github/sse\": segments of letters, digits, "
          + "'.', '_', '~' and '-', no trailing slash, no query");
    } else if (RESERVED_PATHS.contains(first)) {
      f.problem(path + ".ssePath", "\"/" + first + "\" is served by the gateway itself; choose another first segment");
    }
  }

  private void claim(Map<String, String> owners, List<ListenAddress> addresses, String path, String owner) {
    for (ListenAddress address : addresses) {
      boolean anyPort = address instanceof ListenAddress.Tcp t && t.port() == 0;
      String other = anyPort ? null : owners.putIfAbsent(address.toString(), owner);
      if (other != null) {
        f.problem(path + ".listen", address + " is already used by " + other);
      }
    }
  }

  private @Nullable ServerSpec server(String name, JsonNode node, String path) {
    if (!(node instanceof ObjectNode object)) {
      f.problem(path, "expected an object with \"command\" or \"builtin\"");
      return null;
    }
    f.keys(node, path, SERVER);
    String command = f.string(node, "command", path);
    String builtin = f.string(node, "builtin", path);
    if ((command == null) == (builtin == null)) {
      f.problem(path, "needs exactly one of \"command\" (a stdio server) or \"builtin\" (one of " + BUILTINS + ")");
    }
    if (builtin != null && !BUILTINS.contains(builtin)) {
      f.problem(path + ".builtin", "unknown built-in server \"" + builtin + "\"; known: " + BUILTINS);
    }
    String protocol = f.string(node, "protocol", path);
    if (protocol != null && !dev.switchboard.protocol.ProtocolVersion.ALL.contains(protocol)) {
      f.problem(path + ".protocol", "unknown MCP revision \"" + protocol + "\"; known: "
          + dev.switchboard.protocol.ProtocolVersion.ALL);
    }
    ssePath(node, path);
    String cwd = f.string(node, "cwd", path);
    return new ServerSpec(name, command, f.strings(node, "args", path), f.stringMap(node, "env", path),
        cwd == null ? null : Path.of(expandHome(cwd)), builtin, policy(node, path), object, listen(node, path));
  }

  private List<ListenAddress> listen(JsonNode node, String path) {
    return listen(f, node, path);
  }

  /** A server's or a group's {@code listen} list; each bad address is a problem at its path. */
  static List<ListenAddress> listen(Fields f, JsonNode node, String path) {
    List<ListenAddress> out = new java.util.ArrayList<>();
    List<String> raw = f.strings(node, "listen", path);
    for (int i = 0; i < raw.size(); i++) {
      try {
        out.add(ListenAddress.parse(raw.get(i)));
      } catch (IllegalArgumentException e) {
        f.problem(path + ".listen[" + i + "]", String.valueOf(e.getMessage()));
      }
    }
    return out;
  }

  private GatewaySettings gateway(JsonNode node, Set<String> servers) {
    GatewaySettings d = GatewaySettings.defaults();
    if (node.isMissingNode()) {
      return d;
    }
    String path = "$.gateway";
    if (!node.isObject()) {
      f.problem(path, "expected an object");
      return d;
    }
    f.keys(node, path, GATEWAY);
    String host = f.string(node, "host", path);
    int port = f.integer(node, "port", path, d.port(), 0, 65535);
    return new GatewaySettings(host == null ? d.host() : host, port,
        f.integer(node, "portRetries", path, d.portRetries(), 0, 1000), f.string(node, "defaultServer", path),
        sessions(node.path("sessions"), path + ".sessions"), limits(node.path("limits"), path + ".limits"),
        f.strings(node, "allowedHosts", path), f.strings(node, "allowedOrigins", path),
        f.duration(node, "heartbeat", path, d.heartbeat()), f.duration(node, "shutdownGrace", path, d.shutdownGrace()),
        logging(node.path("logging"), path + ".logging"), upstreamLimits(node.path("upstreams"),
            path + ".upstreams"), new SecurityLoader(f).read(node, path), new GroupLoader(f).read(node, path,
                withBuiltin(servers)), ioThreads(node, path));
  }

  private IoThreads ioThreads(JsonNode node, String path) {
    String value = f.string(node, "ioThreads", path);
    if (value == null) {
      return IoThreads.AUTO;
    }
    return IoThreads.parse(value).orElseGet(() -> {
      f.problem(path + ".ioThreads", "expected one of auto, virtual, platform");
      return IoThreads.AUTO;
    });
  }

  private SessionSettings sessions(JsonNode raw, String path) {
    SessionSettings d = SessionSettings.DEFAULTS;
    JsonNode node = f.object(raw, path, SESSIONS);
    if (node.isMissingNode()) {
      return d;
    }
    return new SessionSettings(f.duration(node, "idleTimeout", path, d.idleTimeout()),
        f.integer(node, "max", path, d.max(), 1, Integer.MAX_VALUE),
        f.duration(node, "rpcIdleTimeout", path, d.rpcIdleTimeout()),
        f.duration(node, "unusedGrace", path, d.unusedGrace()),
        f.duration(node, "inputTimeout", path, d.inputTimeout()));
  }

  private Limits limits(JsonNode raw, String path) {
    Limits d = Limits.DEFAULTS;
    JsonNode node = f.object(raw, path, LIMITS);
    if (node.isMissingNode()) {
      return d;
    }
    return new Limits(f.size(node, "maxBodyBytes", path, d.maxBodyBytes()),
        (int) Math.min(Integer.MAX_VALUE, f.size(node, "maxLineBytes", path, d.maxLineBytes())),
        f.integer(node, "maxStreamEvents", path, d.maxStreamEvents(), 16, Integer.MAX_VALUE),
        (int) Math.min(Integer.MAX_VALUE, f.size(node, "maxHeaderBytes", path, d.maxHeaderBytes())),
        f.integer(node, "maxInFlightPerSession", path, d.maxInFlightPerSession(), 1, 100_000),
        f.integer(node, "maxRetainedEvents", path, (int) d.maxRetainedEvents(), 16, Integer.MAX_VALUE));
  }

  private UpstreamLimits upstreamLimits(JsonNode raw, String path) {
    UpstreamLimits d = UpstreamLimits.DEFAULTS;
    JsonNode node = f.object(raw, path, UPSTREAMS);
    if (node.isMissingNode()) {
      return d;
    }
    return new UpstreamLimits(f.integer(node, "maxChildren", path, d.maxChildren(), 1, 100_000),
        f.integer(node, "maxConcurrentSpawns", path, d.maxConcurrentSpawns(), 1, 1000),
        f.duration(node, "acquireTimeout", path, d.acquireTimeout()));
  }

  private UpstreamPolicy policy(JsonNode node, String path) {
    UpstreamPolicy d = UpstreamPolicy.DEFAULTS;
    Sharing sharing = sharing(node, path);
    JsonNode pool = f.section(node, "pool", path, POOL);
    JsonNode timeouts = f.section(node, "timeouts", path, TIMEOUTS);
    JsonNode restart = f.section(node, "restart", path, RESTART);
    int max = f.integer(pool, "max", path + ".pool", sharing == Sharing.SHARED ? 1 : d.max(), 1, 10_000);
    int warm = f.integer(pool, "warm", path + ".pool", d.warm(), 0, 10_000);
    if (warm > max) {
      f.problem(path + ".pool.warm", "cannot exceed pool.max (" + max + ")");
    }
    JsonNode pinned = pool.get("pinned");
    if (pinned != null && !pinned.isBoolean()) {
      f.problem(path + ".pool.pinned", "expected true or false");
      pinned = null;
    }
    Duration request = f.duration(timeouts, "request", path + ".timeouts", d.requestTimeout());
    return new UpstreamPolicy(sharing, warm, max, pinned != null && pinned.asBoolean(), request,
        methodTimeouts(timeouts.path("methods"), path + ".timeouts.methods", d),
        f.duration(timeouts, "max", path + ".timeouts", d.maxTimeout()),
        f.duration(timeouts, "ping", path + ".timeouts", d.pingInterval()),
        f.duration(timeouts, "pingTimeout", path + ".timeouts", d.pingTimeout()),
        f.integer(restart, "maxFailures", path + ".restart", d.maxFailures(), 1, 1000),
        f.duration(restart, "window", path + ".restart", d.failureWindow()),
        f.duration(restart, "backoff", path + ".restart", d.backoffInitial()),
        f.duration(restart, "maxBackoff", path + ".restart", d.backoffMax()));
  }

  private Sharing sharing(JsonNode node, String path) {
    String value = f.string(node, "sharing", path);
    if (value == null) {
      return UpstreamPolicy.DEFAULTS.sharing();
    }
    try {
      return Sharing.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      f.problem(path + ".sharing", "expected \"session\", \"shared\" or \"call\", got \"" + value + "\"");
      return UpstreamPolicy.DEFAULTS.sharing();
    }
  }

  private Map<String, Duration> methodTimeouts(JsonNode node, String path, UpstreamPolicy d) {
    Map<String, Duration> out = new LinkedHashMap<>(d.methodTimeouts());
    if (node.isMissingNode()) {
      return out;
    }
    if (!node.isObject()) {
      f.problem(path, "expected an object of method names to durations, e.g. {\"tools/call\": \"10m\"}");
      return out;
    }
    for (String method : node.propertyNames()) {
      out.put(method, f.duration(node, method, path, d.requestTimeout()));
    }
    return out;
  }

  private LogSettings logging(JsonNode raw, String path) {
    LogSettings d = LogSettings.DEFAULTS;
    JsonNode node = f.object(raw, path, LOGGING);
    if (node.isMissingNode()) {
      return d;
    }
    String level = f.string(node, "level", path);
    if (level != null && !Set.of("trace", "debug", "info", "warn", "error").contains(level.toLowerCase(Locale.ROOT))) {
      f.problem(path + ".level", "expected one of trace, debug, info, warn, error");
    }
    return new LogSettings(f.size(node, "maxFileSize", path, d.maxFileSize()),
        f.integer(node, "maxFiles", path, d.maxFiles(), 1, 100), flag(node, "requests", path, d.requests()),
        level == null ? d.level() : level.toLowerCase(Locale.ROOT), access(node, path),
        flag(node, "payloads", path, d.payloads()));
  }

  private AccessMode access(JsonNode node, String path) {
    String value = f.string(node, "access", path);
    if (value == null) {
      return LogSettings.DEFAULTS.access();
    }
    return AccessMode.named(value).orElseGet(() -> {
      f.problem(path + ".access", "expected one of off, requests, messages");
      return LogSettings.DEFAULTS.access();
    });
  }

  private boolean flag(JsonNode node, String key, String path, boolean fallback) {
    JsonNode value = node.get(key);
    if (value != null && !value.isBoolean()) {
      f.problem(path + "." + key, "expected true or false");
      return fallback;
    }
    return value == null ? fallback : value.asBoolean();
  }

  /** Group members may name the built-in {@code switchboard} server even when the file does not configure it. */
  private static Set<String> withBuiltin(Set<String> servers) {
    Set<String> all = new java.util.HashSet<>(servers);
    all.add(Config.BUILTIN_NAME);
    return all;
  }

  static String expandHome(String path) {
    return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }
}
