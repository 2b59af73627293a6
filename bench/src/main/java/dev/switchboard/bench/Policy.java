package dev.switchboard.bench;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sharing-policy variants the policy phases measure, each configured as its own {@code mcpServers} entry of one
 * gateway (the "policy gateway", a child JVM like the main one), all running the conformance fixture. Each server's
 * children carry a system property naming the server ({@value #TAG}), so the bench can tell whose a child process is
 * (for its RSS) without asking the gateway.
 */
enum Policy {
  SESSION("session", "session", 0, 2048, "`session` (cold child)"),
  SESSION_WARM("session-warm", "session", 4, 2048, "`session`, `pool.warm: 4`"),
  SHARED("shared", "shared", 0, 1, "`shared`, `pool.max: 1`"),
  SHARED_2("shared-2", "shared", 0, 2, "`shared`, `pool.max: 2`"),
  CALL_WARM("call-warm", "call", 4, 2048, "`call`, `pool.warm: 4`");

  static final String TAG = "-Dswitchboard.bench.server=";

  final String server;
  final String sharing;
  final int warm;
  final int max;
  final String label;

  Policy(String server, String sharing, int warm, int max, String label) {
    this.server = server;
    this.sharing = sharing;
    this.warm = warm;
    this.max = max;
    this.label = label;
  }

  String path() {
    return "/mcp/" + server;
  }

  /** The JVM option on this server's children's command line. */
  String tag() {
    return TAG + server;
  }

  /**
   * How many children this server runs with no session open, once it has served one: its warm pool, or the one
   * shared child. {@code shared} with {@code pool.max: 2} may rest at 1 or 2 and is not waited on.
   */
  int resting() {
    return switch (this) {
      case SESSION -> 0;
      case SESSION_WARM, CALL_WARM -> warm;
      case SHARED, SHARED_2 -> 1;
    };
  }

  /**
   * The policy gateway's config: every policy as its own server, 127.0.0.1 on a free port, session caps the bench
   * can't hit, and a gateway-wide child cap above the most children the memory phase runs (its sessions plus every
   * warm pool); everything else at its default.
   */
  static Path writeConfig(BenchOptions options) throws IOException {
    ObjectNode root = Json.object();
    ObjectNode servers = root.putObject("mcpServers");
    for (Policy p : values()) {
      List<String> cmd = ChildCommand.of(options, List.of(p.tag()));
      ObjectNode s = servers.putObject(p.server).put("command", cmd.get(0)).put("sharing", p.sharing);
      ArrayNode args = s.putArray("args");
      cmd.subList(1, cmd.size()).forEach(args::add);
      ObjectNode pool = s.putObject("pool").put("max", p.max);
      if (p.warm > 0) {
        pool.put("warm", p.warm);
      }
    }
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gw.putObject("sessions").put("max", 100_000).put("idleTimeout", "30m");
    gw.putObject("auth").put("maxSessionsPerKey", 100_000); // no keys: every session is "anonymous"
    gw.putObject("upstreams").put("maxChildren",
        Math.max(1024, options.policy().memorySessions() + 64));
    Files.createDirectories(options.logDir());
    Path file = options.logDir().resolve("policy-gateway-config.json");
    Files.write(file, Json.bytes(root));
    return file;
  }
}
