package dev.switchboard.testing;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.protocol.Json;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Switchboard on {@code 127.0.0.1:0} for integration tests, configured from a JSON tree built in the test.
 * {@link #close} is the same graceful shutdown as production.
 */
public final class TestGateway implements AutoCloseable {
  private final Daemon daemon;

  private TestGateway(Config config) throws Exception {
    this.daemon = new Daemon(config).start();
  }

  /** Starts a gateway whose config has {@code servers} and a loopback ephemeral port; {@code gateway} may tweak. */
  public static TestGateway start(ObjectNode servers, Consumer<ObjectNode> gateway) throws Exception {
    ObjectNode root = Json.object();
    root.set("mcpServers", servers);
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gateway.accept(gw);
    return new TestGateway(ConfigLoader.parse(Json.bytes(root), null));
  }

  /** A gateway fronting the conformance fixture as {@code fixture} (also the default server). */
  public static TestGateway withFixture() throws Exception {
    return withFixture(server -> {});
  }

  /** As {@link #withFixture()}, with the fixture's entry adjusted (e.g. {@code sharing}, {@code pool}). */
  public static TestGateway withFixture(Consumer<ObjectNode> fixtureEntry) throws Exception {
    ObjectNode servers = Json.object();
    ObjectNode entry = Fixtures.server(Fixtures.CONFORMANCE);
    fixtureEntry.accept(entry);
    servers.set("fixture", entry);
    return start(servers, gw -> gw.put("defaultServer", "fixture"));
  }

  public Daemon daemon() {
    return daemon;
  }

  public int port() {
    return daemon.port();
  }

  /** e.g. {@code http://127.0.0.1:41234} */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** e.g. {@code http://127.0.0.1:41234/mcp/fixture} */
  public String mcpUrl(String server) {
    return baseUrl() + "/mcp/" + server;
  }

  /**
   * Writes {@code home}'s {@code state.json} naming this gateway, as a daemon of that home would, so CLI commands and
   * bridges run with {@code SWITCHBOARD_HOME=home} find it.
   */
  public void recordIn(java.nio.file.Path home) throws java.io.IOException {
    new dev.switchboard.daemon.StateFile(ProcessHandle.current().pid(), baseUrl(), "127.0.0.1", port(),
        java.time.Instant.now(), ProcessHandle.current().info().startInstant().orElse(java.time.Instant.EPOCH), "test",
        null, home.resolve("switchboard.log").toString(), "").write(home.resolve("state.json"));
  }

  @Override
  public void close() {
    daemon.close();
  }
}
