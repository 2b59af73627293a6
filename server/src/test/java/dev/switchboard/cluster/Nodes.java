package dev.switchboard.cluster;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.fixture.GroupMemberServer;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.LoopbackProcess;
import dev.switchboard.testing.PortOwners;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Three Switchboard nodes ({@code n1 n2 n3}) on free loopback ports (picked again when another program takes one
 * first) that know each other from {@code cluster.nodes}, optionally sharing a Redis. Each serves {@code echo} (a
 * shared group-member child whose command line names its node) and {@code fixture} (the conformance fixture, shared,
 * the default server). With children (or when asked), {@code n3} is a process of its own ({@code switchboard run}),
 * so {@link #kill} is a real {@code kill -9}; the others run in this JVM. {@link #discovering} starts nodes that know
 * each other only from the Redis registry instead.
 */
final class Nodes implements AutoCloseable {
  static final List<String> IDS = List.of("n1", "n2", "n3");

  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Daemon> daemons = new LinkedHashMap<>();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final java.nio.file.Path home;

  private final boolean children;
  /** The nodes that run as processes of their own. */
  private final java.util.Set<String> separate;
  /** Whether the nodes go without {@code cluster.nodes} (see {@link #discovering}). */
  private final boolean discover;
  /** What the separate nodes of {@link #discovering} read, through {@link #SHARED}. */
  private @Nullable ObjectNode shared;
  /** The one config file of the separate nodes of {@link #discovering}, under {@link #home}. */
  private static final String SHARED = "shared/config.json";
  /** How many times the nodes start on new ports after one of theirs was taken before they could bind it. */
  private static final int ATTEMPTS = LoopbackProcess.ATTEMPTS;

  /** With {@code children} false, each node serves only the built-in {@code switchboard} server. */
  Nodes(@Nullable String redis, boolean children, Consumer<ObjectNode> gateway) throws Exception {
    this(redis, children, children, gateway);
  }

  /** With {@code separate}, {@code n3} is a process of its own ({@link #kill} is a SIGKILL), children or not. */
  Nodes(@Nullable String redis, boolean children, boolean separate, Consumer<ObjectNode> gateway) throws Exception {
    this(redis, children, separate, gateway, LoopbackProcess::freePort);
  }

  /**
   * Takes its ports from {@code free}. The nodes must know each other's ports before any starts ({@code
   * cluster.nodes}), so each port is picked while free and bound a moment later: when another program took one in
   * between, every node stops and all start again on new ports.
   */
  Nodes(@Nullable String redis, boolean children, boolean separate, Consumer<ObjectNode> gateway,
      LoopbackProcess.Ports free)
      throws Exception {
    this(redis, children, separate ? java.util.Set.of("n3") : java.util.Set.of(), false, gateway, free);
  }

  /**
   * Nodes that find each other only in the Redis registry (no {@code cluster.nodes}), serving the built-in server,
   * as the Kubernetes manifest runs them: those in {@code separate} run as processes of their own from one config
   * file that names neither their id nor their port (the id from {@code HOSTNAME}, the port from {@code
   * SWITCHBOARD_PORT}), each through a symlink, as a mounted ConfigMap is read; so the file watcher does not see a
   * change to it ({@link #edit}), and only a reload ({@link #reload}) brings it to a node.
   */
  static Nodes discovering(String redis, java.util.Set<String> separate, Consumer<ObjectNode> gateway)
      throws Exception {
    return new Nodes(redis, false, separate, true, gateway, LoopbackProcess::freePort);
  }

  private Nodes(@Nullable String redis, boolean children, java.util.Set<String> separate, boolean discover,
      Consumer<ObjectNode> gateway, LoopbackProcess.Ports free)
      throws Exception {
    this.children = children;
    this.separate = java.util.Set.copyOf(separate);
    this.discover = discover;
    this.home = java.nio.file.Files.createTempDirectory("sb-nodes");
    for (int attempt = 1;; attempt++) {
      try {
        start(redis, gateway, free);
        return;
      } catch (Exception e) {
        stop();
        if (attempt == ATTEMPTS || !portTaken(e)) {
          close();
          throw e;
        }
      }
    }
  }

  private void start(@Nullable String redis, Consumer<ObjectNode> gateway, LoopbackProcess.Ports free)
      throws Exception {
    for (String id : IDS) {
      ports.put(id, free.next());
    }
    if (discover) {
      shared = config(null, redis, gateway);
      java.nio.file.Files.createDirectories(home.resolve(SHARED).getParent());
      java.nio.file.Files.write(home.resolve(SHARED), Json.bytes(shared));
    }
    for (String id : IDS) {
      ObjectNode config = config(id, redis, gateway);
      if (separate.contains(id)) {
        processes.put(id, startProcess(id, config));
      } else {
        daemons.put(id, new Daemon(ConfigLoader.parse(Json.bytes(config), null)).start());
      }
    }
    for (var p : processes.entrySet()) {
      awaitHealthy(p.getKey(), p.getValue());
    }
  }

  /** Whether starting failed because a node's port was no longer free. */
  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || t instanceof PortTaken) {
        return true;
      }
    }
    return false;
  }

  /** A separate node that exited because its port was taken. */
  private static final class PortTaken extends IOException {
    PortTaken(String message) {
      super(message);
    }
  }

  /** Stops every node started so far (a failed attempt's). */
  private void stop() {
    daemons.values().forEach(Daemon::close);
    processes.values().forEach(p -> {
      p.destroyForcibly();
      try {
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    daemons.clear();
    processes.clear();
    ports.clear();
  }

  /**
   * {@code switchboard run} for node {@code id}, in a home of its own, from {@code config} or (discovering) the shared
   * file, its id and port from the environment; stdin stays an open pipe, never inherited.
   */
  private Process startProcess(String id, ObjectNode config) throws IOException {
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(home.resolve(id));
    java.nio.file.Path file = dir.resolve("config.json");
    if (discover) {
      java.nio.file.Files.createSymbolicLink(file, home.resolve(SHARED));
    } else {
      java.nio.file.Files.write(file, Json.bytes(config));
    }
    ProcessBuilder pb = new ProcessBuilder(Fixtures.java(), "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), dev.switchboard.cli.Main.class.getName(), "run", "--config",
        file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
    pb.environment().put("SWITCHBOARD_HOME", dir.toString());
    pb.environment().remove("SWITCHBOARD_CONFIG");
    pb.environment().remove("SWITCHBOARD_PORT");
    if (discover) {
      pb.environment().put("HOSTNAME", id);
      pb.environment().put("SWITCHBOARD_PORT", Integer.toString(ports.get(id)));
    }
    return pb.start();
  }

  /**
   * Waits for a separate node to listen on its port alone and answer /health there (another program's answer on
   * that port is not the node's); a node that exits instead fails at once, {@link PortTaken} if it says so.
   */
  private void awaitHealthy(String id, Process p) throws IOException {
    org.awaitility.Awaitility.await("node " + id + " answers /health").atMost(java.time.Duration.ofSeconds(60))
        .ignoreExceptions().until(() -> !p.isAlive() || owns(id, p) && healthy(id));
    if (!p.isAlive()) {
      String log = java.nio.file.Files.readString(home.resolve(id).resolve("node.log"));
      String why = "node " + id + " exited with " + p.exitValue() + ":\n" + log;
      throw log.contains("Failed to bind") || log.contains("Address already in use") ? new PortTaken(why)
          : new IOException(why);
    }
  }

  /** Whether {@code p} (with its descendants) alone listens on node {@code id}'s port. */
  private boolean owns(String id, Process p) throws IOException {
    return PortOwners.of(ports.get(id), p.toHandle()) == PortOwners.Holder.PROCESS;
  }

  private boolean healthy(String id) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    try {
      // bounded: a port another program took may accept the connection and never answer
      return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(id) + "/health"))
          .timeout(java.time.Duration.ofSeconds(2)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } finally {
      http.shutdownNow();
    }
  }

  /** Node {@code id}'s config; without an id, the shared one of {@link #discovering}, naming no node and no port. */
  private ObjectNode config(@Nullable String id, @Nullable String redis, Consumer<ObjectNode> gateway) {
    ObjectNode root = Json.object();
    ObjectNode servers = root.putObject("mcpServers");
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("portRetries", 0)
        .put("shutdownGrace", "0s");
    if (children) {
      servers(servers, java.util.Objects.requireNonNull(id));
      gw.put("defaultServer", "fixture");
    }
    gateway.accept(gw);
    ObjectNode cluster = root.putObject("cluster").put("heartbeat", "500ms");
    if (id != null) {
      gw.put("port", ports.get(id));
      cluster.put("node", id);
    }
    if (!discover) {
      ObjectNode nodes = cluster.putObject("nodes");
      ports.forEach((n, port) -> nodes.put(n, "http://127.0.0.1:" + port));
    }
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

  /**
   * Changes the shared config file of {@link #discovering}'s separate nodes (rewritten in place, as an editor saves
   * it); none of them sees the change until it reloads.
   */
  void edit(Consumer<ObjectNode> change) throws IOException {
    ObjectNode config = java.util.Objects.requireNonNull(shared, "only discovering nodes share a config file");
    change.accept(config);
    java.nio.file.Files.write(home.resolve(SHARED), Json.bytes(config));
  }

  /**
   * {@code POST /admin/reload} at separate node {@code id} (a process of its own), with the admin token from its
   * {@code state.json}, as {@code switchboard reload} sends it; its answer.
   */
  tools.jackson.databind.JsonNode reload(String id) throws Exception {
    java.nio.file.Path file = home.resolve(id).resolve("state.json");
    // written just after the node starts answering
    var state = org.awaitility.Awaitility.await(id + "'s state.json").atMost(java.time.Duration.ofSeconds(10))
        .until(() -> dev.switchboard.daemon.StateFile.read(file), java.util.Optional::isPresent).orElseThrow();
    var http = java.net.http.HttpClient.newHttpClient();
    try {
      var answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(id) + "/admin/reload"))
          .header("X-Switchboard-Admin", state.adminToken()).timeout(java.time.Duration.ofSeconds(30))
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        throw new IOException(id + " answered the reload with " + answer.statusCode());
      }
      return Json.parse(answer.body());
    } finally {
      http.shutdownNow();
    }
  }

  /** What separate node {@code id} has written to its console so far. */
  String log(String id) throws IOException {
    return java.nio.file.Files.readString(home.resolve(id).resolve("node.log"));
  }

  /** An in-process node (every node but a separate one). */
  Daemon daemon(String id) {
    return java.util.Objects.requireNonNull(daemons.get(id), () -> id + " runs in a process of its own");
  }

  /**
   * Loses node {@code id}: a separate one gets SIGKILL (its children see their stdin end and exit), an in-process
   * one stops without grace, every connection closed.
   */
  void kill(String id) throws InterruptedException {
    Process p = processes.get(id);
    if (p == null) {
      daemons.get(id).close();
      return;
    }
    p.destroyForcibly();
    p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    daemons.values().forEach(Daemon::close);
    processes.values().forEach(Process::destroyForcibly);
    try (var files = java.nio.file.Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }

  static int freePort() throws IOException {
    return LoopbackProcess.freePort();
  }
}
