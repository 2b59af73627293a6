package dev.switchboard.bench;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The processes under test, started on first use and stopped by {@link #close}: the gateway (its own JVM, fronting
 * the conformance fixture as the stdio server {@code fixture}, one child per session), the policy gateway (its own
 * JVM, the fixture once per {@link Policy}) and the HTTP floor (its own JVM). Also knows the fixture's command line, which the direct driver spawns unchanged. Not thread safe.
 */
final class Servers implements AutoCloseable {
  static final String FIXTURE_MAIN = "dev.switchboard.fixture.ConformanceServer";
  static final String SERVER_NAME = "fixture";
  static final String GATEWAY_PATH = "/mcp/" + SERVER_NAME;
  /** The floor answers any path; the bench posts to the same one. */
  static final String FLOOR_PATH = GATEWAY_PATH;

  private final BenchOptions options;
  private @Nullable ChildJvm gateway;
  private @Nullable ChildJvm floor;
  private @Nullable ChildJvm policyGateway;
  private final java.util.Set<String> warmed = new java.util.HashSet<>();

  Servers(BenchOptions options) {
    this.options = options;
  }

  /** How every stdio fixture child is started, through the gateway and directly alike ({@code --child}). */
  List<String> fixtureCommand() {
    return ChildCommand.of(options, List.of());
  }

  ChildJvm gateway() throws IOException, InterruptedException {
    if (gateway == null) {
      Path config = writeGatewayConfig();
      gateway = ChildJvm.start("gateway", options.serverJvmOpts(), GatewayMain.class, List.of(config.toString()),
          options.logDir());
    }
    return gateway;
  }

  /** The gateway of the sharing-policy phases: one server per {@link Policy}. */
  ChildJvm policyGateway() throws IOException, InterruptedException {
    if (policyGateway == null) {
      policyGateway = ChildJvm.start("policy-gateway", options.serverJvmOpts(), GatewayMain.class,
          List.of(Policy.writeConfig(options).toString()), options.logDir());
    }
    return policyGateway;
  }

  /** True the first time it is asked for {@code name}: whether that server JVM still needs its one-time warm-up. */
  boolean firstWarmup(String name) {
    return warmed.add(name);
  }

  /** Stops the main gateway (its phases are done) so it does not sit in memory during the policy phases. */
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
  }

  ChildJvm floor() throws IOException, InterruptedException {
    if (floor == null) {
      floor = ChildJvm.start("floor", options.serverJvmOpts(), FloorServer.class, List.of(), options.logDir());
    }
    return floor;
  }

  /**
   * The gateway's config: the fixture as a stdio server with a child per session, 127.0.0.1 on a free port, session
   * and child caps the bench can't hit; everything else (heartbeat, timeouts, ping probes) at its default.
   */
  Path writeGatewayConfig() throws IOException {
    List<String> cmd = fixtureCommand();
    ObjectNode root = Json.object();
    ObjectNode fixture = root.putObject("mcpServers").putObject(SERVER_NAME).put("command", cmd.get(0));
    ArrayNode args = fixture.putArray("args");
    cmd.subList(1, cmd.size()).forEach(args::add);
    // One child per session (the default, said explicitly), and a child cap above the most sessions the bench opens.
    fixture.put("sharing", "session").putObject("pool").put("max", 2048);
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gw.putObject("sessions").put("max", 100_000).put("idleTimeout", "30m");
    gw.putObject("auth").put("maxSessionsPerKey", 100_000); // no keys: every session is "anonymous"
    Files.createDirectories(options.logDir());
    Path file = options.logDir().resolve("gateway-config.json");
    Files.write(file, Json.bytes(root));
    return file;
  }

  @Override
  public void close() {
    stopGateway();
    if (policyGateway != null) {
      policyGateway.close();
      policyGateway = null;
    }
    if (floor != null) {
      floor.close();
      floor = null;
    }
  }
}
