package dev.switchboard.bench;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What the bench can see of a gateway child JVM from outside: its {@code /health} detail (no API keys are configured,
 * so it is open), its descendant processes (told apart by {@link Policy#tag}), their RSS from
 * {@code /proc/PID/status}, and whether they are at rest. Stateless apart from the gateway it watches.
 */
final class GatewayProbe {
  /** A child whose CPU time grows by at most this much per sampling interval counts as idle (one clock tick). */
  private static final long IDLE_NANOS = 10_000_000L;
  private static final long SAMPLE_MILLIS = 100;
  /** Consecutive idle samples that make "at rest". */
  private static final int IDLE_SAMPLES = 3;

  private final ChildJvm gateway;

  GatewayProbe(ChildJvm gateway) {
    this.gateway = gateway;
  }

  /** {@code GET /health} on a fresh connection. */
  JsonNode health() throws IOException {
    try (RawHttpConnection c = new RawHttpConnection(gateway.port(), Duration.ofSeconds(30))) {
      RawHttpConnection.Reply r = c.get("/health");
      if (r.status() != 200) {
        throw new IOException("/health answered HTTP " + r.status() + ": " + r.text());
      }
      return Json.parse(r.body());
    }
  }

  /** {@code servers[name].connections} of a {@code /health} body, or -1. */
  static int connections(JsonNode health, String server) {
    for (JsonNode s : health.path("servers")) {
      if (s.path("name").asString("").equals(server)) {
        return s.path("connections").asInt(-1);
      }
    }
    return -1;
  }

  /** Every live descendant of the gateway JVM. */
  List<ProcessHandle> descendants() {
    return ProcessHandle.of(gateway.pid()).stream().flatMap(ProcessHandle::descendants)
        .filter(ProcessHandle::isAlive).toList();
  }

  /** The gateway's live descendants started for this policy's server. */
  List<ProcessHandle> children(Policy policy) {
    String tag = policy.tag();
    return descendants().stream().filter(h -> arguments(h.pid()).contains(tag)).toList();
  }

  /** Sum of VmRSS over these processes, in bytes (a process gone meanwhile counts 0). */
  static long rssBytes(List<ProcessHandle> processes) {
    return processes.stream().mapToLong(h -> rssBytes(h.pid())).sum();
  }

  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("VmRSS:")) {
          String[] f = line.substring(6).strip().split("\\s+");
          return Long.parseLong(f[0]) * 1024; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return 0;
  }

  /** The process's command line as separate words ({@code shared} must not match {@code shared-2}). */
  private static List<String> arguments(long pid) {
    try {
      return List.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
          .split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** How long {@link #awaitRest} waited, and whether the children came to rest before its deadline. */
  record Rest(long nanos, boolean settled) {}

  /**
   * Waits until {@code policy} has exactly {@code expected} live children and every descendant of the gateway has been
   * idle for {@value #IDLE_SAMPLES} samples of {@value #SAMPLE_MILLIS} ms (so a warm pool is refilled with children
   * that have finished starting, and nothing else is starting or stopping), or until {@code timeout}.
   */
  Rest awaitRest(Policy policy, int expected, Duration timeout) throws InterruptedException {
    return awaitQuiet(this::descendants, () -> children(policy).size() == expected, timeout);
  }

  /**
   * Waits until {@code ready} holds and every process of {@code processes} has been idle for {@value #IDLE_SAMPLES}
   * samples in a row (the same processes each time), or until {@code timeout}.
   */
  static Rest awaitQuiet(java.util.function.Supplier<List<ProcessHandle>> processes,
      java.util.function.BooleanSupplier ready, Duration timeout) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    Map<Long, Long> last = Map.of();
    int idle = 0;
    while (true) {
      Map<Long, Long> now = cpu(processes.get());
      idle = quiet(last, now) && ready.getAsBoolean() ? idle + 1 : 0;
      if (idle >= IDLE_SAMPLES) {
        return new Rest(System.nanoTime() - t0, true);
      }
      if (System.nanoTime() > deadline) {
        return new Rest(System.nanoTime() - t0, false);
      }
      last = now;
      Thread.sleep(SAMPLE_MILLIS);
    }
  }

  /** The same processes in both samples, none of them busier than {@link #IDLE_NANOS} in between. */
  private static boolean quiet(Map<Long, Long> before, Map<Long, Long> after) {
    return after.keySet().equals(before.keySet())
        && after.entrySet().stream().allMatch(e -> e.getValue()
            - Objects.requireNonNull(before.get(e.getKey()), "both samples have the same pids") <= IDLE_NANOS);
  }

  private static Map<Long, Long> cpu(List<ProcessHandle> processes) {
    Map<Long, Long> out = new HashMap<>();
    processes.forEach(h -> out.put(h.pid(), h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)));
    return out;
  }
}
