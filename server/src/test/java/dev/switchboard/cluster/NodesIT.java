package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.LoopbackProcess;
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
 * The cluster harness when another program takes a node's port between its pick and the bind (once seen as
 * {@code Address already in use}): the nodes start again on new ports, in this JVM and in a process of their own.
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

  /** A port another program holds. */
  private static ServerSocket held() throws Exception {
    return new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
  }

  /** Free ports, but the {@code nth} pick answers {@code taken}, as if it was taken right after it was picked. */
  private static Nodes.Ports stealing(int nth, int taken) {
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
