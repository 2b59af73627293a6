package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.LoopbackProcess;
import dev.switchboard.testing.PortOwners;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster harness when another program takes a port between its pick and the bind (once seen as
 * {@code Address already in use}): the nodes start again on new ports, in this JVM and in a process of their own, and
 * so do the helper daemons (Redis, HAProxy), which count as started only once they alone listen on their port.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodesIT {
  @Test
  void anInProcessNodeWhosePortWasTakenStartsOnAnother() throws Exception {
    try (ServerSocket taken = held()) {
      try (Nodes nodes = new Nodes(null, false, false, gw -> {}, stealing(1, taken.getLocalPort()))) {
        assertEveryNodeAnswers(nodes, taken.getLocalPort());
      }
    }
  }

  @Test
  void aSeparateNodeWhosePortWasTakenStartsOnAnother() throws Exception {
    try (ServerSocket taken = held()) {
      try (Nodes nodes = new Nodes(null, false, true, gw -> {}, stealing(3, taken.getLocalPort()))) {
        assertEveryNodeAnswers(nodes, taken.getLocalPort());
      }
    }
  }

  /** Another program on n3's port answering {@code /health} (as a foreign Switchboard would) is not n3. */
  @Test
  void aSeparateNodeIsNotTakenForAForeignServerAnsweringHealthOnItsPort() throws Exception {
    com.sun.net.httpserver.HttpServer foreign = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 50);
    foreign.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    foreign.start();
    try (Nodes nodes = new Nodes(null, false, true, gw -> {}, stealing(3, foreign.getAddress().getPort()))) {
      assertEveryNodeAnswers(nodes, foreign.getAddress().getPort());
    } finally {
      foreign.stop(0);
    }
  }

  @Test
  void aHelperDaemonWhosePortIsHeldStartsOnAnotherItOwns() throws Exception {
    try (ServerSocket taken = held(); LoopbackProcess redis = ClusterSetUp.redis(stealing(1, taken.getLocalPort()))) {
      assertThat(redis.port()).isNotEqualTo(taken.getLocalPort());
      assertThat(PortOwners.of(redis.port(), ProcessHandle.of(redis.pid()).orElseThrow()))
          .isEqualTo(PortOwners.Holder.PROCESS);
      assertThat(ping(redis.port())).as("Redis answers on the port it settled on").isEqualTo("+PONG");
    }
  }

  @Test
  void haproxyRefusesToShareAHeldPortAndStartsOnAnother() throws Exception {
    // SO_REUSEPORT on the holder: without -dR HAProxy (which sets it too) would bind beside it and half the
    // connections would land on the holder
    try (ServerSocket taken = new ServerSocket()) {
      taken.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
      taken.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 50);
      int port = taken.getLocalPort();
      try (LoopbackProcess haproxy = ClusterSetUp.haproxy(id -> "127.0.0.1:9", stealing(1, port))) {
        assertThat(haproxy.port()).isNotEqualTo(port);
        assertThat(PortOwners.of(haproxy.port(), ProcessHandle.of(haproxy.pid()).orElseThrow()))
            .isEqualTo(PortOwners.Holder.PROCESS);
        assertThat(firstLog(haproxy.log(), "haproxy-" + port + "-")).as("the first attempt's log")
            .contains("Address already in use");
      }
    }
  }

  /** What the latest start on {@code prefix}'s port wrote, beside {@code log} (each attempt has a file of its own). */
  private static String firstLog(java.nio.file.Path log, String prefix) throws Exception {
    try (var files = java.nio.file.Files.list(log.getParent())) {
      java.nio.file.Path first = files.filter(f -> f.getFileName().toString().startsWith(prefix))
          .max(java.util.Comparator.comparing(f -> f.toFile().lastModified())).orElseThrow(() -> new AssertionError(
              "no log of an attempt on the held port"));
      return java.nio.file.Files.readString(first);
    }
  }

  /** Redis's answer to {@code PING} on {@code port}. */
  private static String ping(int port) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
    }
  }

  /** A port another program holds. */
  private static ServerSocket held() throws Exception {
    return new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
  }

  /** Free ports, but the {@code nth} pick answers {@code taken}, as if it was taken right after it was picked. */
  private static LoopbackProcess.Ports stealing(int nth, int taken) {
    AtomicInteger picks = new AtomicInteger();
    return () -> picks.incrementAndGet() == nth ? taken : LoopbackProcess.freePort();
  }

  private static void assertEveryNodeAnswers(Nodes nodes, int taken) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try {
      for (String id : Nodes.IDS) {
        assertThat(nodes.address(id)).isNotEqualTo("127.0.0.1:" + taken);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(nodes.url(id) + "/health"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(id).isEqualTo(200);
      }
    } finally {
      http.shutdownNow();
    }
  }
}
