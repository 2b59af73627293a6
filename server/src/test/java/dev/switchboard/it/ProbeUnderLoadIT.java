package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code gateway.ioThreads: platform}, {@code /health} and {@code /ready} answer while every virtual-thread
 * carrier is busy: a flood's link owners and stream writers never wait, and a probe must not queue behind them (the
 * I/O threads that answer it are platform threads). With virtual I/O threads, the default, the probe waits for the
 * carriers (this test times out that way).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProbeUnderLoadIT {
  private static final Duration SPIN = Duration.ofSeconds(20);

  @Test
  void probesAnswerWhileEveryCarrierIsBusy() throws Exception {
    try (TestGateway gateway = TestGateway.start(Json.object(), gw -> gw.put("ioThreads", "platform"));
        HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest health = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health"))
          .timeout(Duration.ofSeconds(5)).build();
      assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      AtomicBoolean done = new AtomicBoolean();
      List<Thread> spinners = busyEveryCarrier(done);
      try {
        HttpResponse<String> during = http.send(health, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/ready"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(spinners).as("the carriers were still held when the probes were answered")
            .allMatch(Thread::isAlive);
        assertThat(during.statusCode()).isEqualTo(200);
        assertThat(during.body()).contains("\"status\"");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      } finally {
        done.set(true);
        for (Thread t : spinners) {
          t.join();
        }
      }
    }
  }

  /** Virtual threads that never park, more than there are carriers, until {@code done} or {@link #SPIN} passes. */
  private static List<Thread> busyEveryCarrier(AtomicBoolean done) {
    int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
        Runtime.getRuntime().availableProcessors());
    long deadline = System.nanoTime() + SPIN.toNanos();
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < carriers * 2; i++) {
      spinners.add(Thread.ofVirtual().name("spinner-" + i).start(() -> {
        while (!done.get() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      }));
    }
    return spinners;
  }
}
