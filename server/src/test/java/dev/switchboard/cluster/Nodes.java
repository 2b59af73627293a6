package dev.switchboard.cluster;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.fixture.GroupMemberServer;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.LoopbackProcess;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Three in-process Switchboard nodes ({@code n1 n2 n3}) on free loopback ports that know each other from
 * {@code cluster.nodes}, optionally sharing a Redis. Each serves {@code echo} (a shared group-member child whose
 * command line names its node) and {@code fixture} (the conformance fixture, shared, the default server).
 */
final class Nodes implements AutoCloseable {
  static final List<String> IDS = List.of("n1", "n2", "n3");

  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Daemon> daemons = new LinkedHashMap<>();

  private final boolean children;

  /** With {@code children} false, each node serves only the built-in {@code switchboard} server. */
  Nodes(@Nullable String redis, boolean children, Consumer<ObjectNode> gateway) throws Exception {
    this.children = children;
    for (String id : IDS) {
      ports.put(id, LoopbackProcess.freePort());
    }
    try {
      for (String id : IDS) {
        daemons.put(id, new Daemon(ConfigLoader.parse(Json.bytes(config(id, redis, gateway)), null)).start());
      }
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private ObjectNode config(String id, @Nullable String redis, Consumer<ObjectNode> gateway) {
    ObjectNode root = Json.object();
    ObjectNode servers = root.putObject("mcpServers");
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", ports.get(id))
        .put("portRetries", 0).put("shutdownGrace", "0s");
    if (children) {
      servers(servers, id);
      gw.put("defaultServer", "fixture");
    }
    gateway.accept(gw);
    ObjectNode cluster = root.putObject("cluster").put("node", id).put("heartbeat", "500ms");
    ObjectNode nodes = cluster.putObject("nodes");
    ports.forEach((n, port) -> nodes.put(n, "http://127.0.0.1:" + port));
    if (redis != null) {
      cluster.put("redis", redis);
    }
    return root;
  }

  private static void servers(ObjectNode servers, String id) {
    ObjectNode echo = Fixtures.server(GroupMemberServer.class.getName()).put("sharing", "shared");
    echo.withArray("args").insert(0, marker(id));
    servers.set("echo", echo);
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
  }

  /** What the {@code echo} child of node {@code id} has on its command line. */
  static String marker(String id) {
    return "-Dswitchboard.test.node=" + id;
  }

  String url(String id) {
    return "http://127.0.0.1:" + ports.get(id);
  }

  /** {@code 127.0.0.1:PORT} of each node, for the load balancer's environment. */
  String address(String id) {
    return "127.0.0.1:" + ports.get(id);
  }

  Daemon daemon(String id) {
    return daemons.get(id);
  }

  /** Stops node {@code id} the way a lost node looks to the others: no grace, every connection closed. */
  void kill(String id) {
    daemons.get(id).close();
  }

  @Override
  public void close() {
    daemons.values().forEach(Daemon::close);
  }

  static int freePort() throws IOException {
    return LoopbackProcess.freePort();
  }
}
