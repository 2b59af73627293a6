package dev.switchboard.bench;

import dev.switchboard.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * What metrics cost on the hot path: two gateway JVMs side by side, alike but for {@code gateway.metrics.enabled},
 * each serving the fixture with {@code sharing: shared}; {@code tools/call echo} in the closed loop of section 1 at
 * each session count, the two gateways taking turns point by point for several rounds, so drift in the machine's
 * load falls on both. Prints a Markdown report on stdout.
 *
 * <p>{@code MetricsBench [--server-warmup S] [--warmup S] [--duration S] [--sessions 1,8] [--rounds N] [--log-dir D]}
 */
public final class MetricsBench {
  private static final List<String> CHILD_OPTS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-Xshare:auto", "-Xmx64m");

  private MetricsBench() {}

  public static void main(String[] args) throws Exception {
    Duration warmup = Duration.ofSeconds(Long.parseLong(BenchOptions.flag(args, "--warmup", "2")));
    Duration window = Duration.ofSeconds(Long.parseLong(BenchOptions.flag(args, "--duration", "5")));
    int rounds = Integer.parseInt(BenchOptions.flag(args, "--rounds", "3"));
    List<Integer> counts = java.util.Arrays.stream(BenchOptions.flag(args, "--sessions", "1,8").split(","))
        .map(Integer::parseInt).toList();
    Path logDir = Files.createDirectories(Path.of(BenchOptions.flag(args, "--log-dir", "bench/target/metrics-bench")));
    StringBuilder out = new StringBuilder("- load average at the start: " + Machine.loadAverageNow() + "\n");
    out.append("\n| round | sessions | metrics | calls/s | p50 ms | p99 ms | calls | errors | gateway µs/call |\n")
        .append("|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    try (ChildJvm on = gateway("metrics-on", true, logDir); ChildJvm off = gateway("metrics-off", false, logDir)) {
      Duration serverWarmup = Duration.ofSeconds(Long.parseLong(BenchOptions.flag(args, "--server-warmup", "10")));
      for (ChildJvm gw : List.of(on, off)) {
        point(gw, 8, Duration.ZERO, serverWarmup);
      }
      for (int round = 1; round <= rounds; round++) {
        for (int n : counts) {
          for (ChildJvm gw : round % 2 == 1 ? List.of(on, off) : List.of(off, on)) {
            Stats.LoadResult r = point(gw, n, warmup, window);
            out.append(String.format(Locale.ROOT, "| %d | %d | %s | %,.0f | %.3f | %.3f | %d | %d | %.1f |%n", round,
                n, gw == on ? "on" : "off", r.callsPerSecond(), r.latency().p50(), r.latency().p99(), r.calls(),
                r.errors(), r.cpuMicrosPerCall().getOrDefault("server", Double.NaN)));
          }
        }
      }
    }
    out.append("- load average at the end: ").append(Machine.loadAverageNow()).append('\n');
    System.out.println(out);
    System.exit(0);
  }

  private static ChildJvm gateway(String name, boolean metrics, Path logDir) throws Exception {
    return ChildJvm.start(name, List.of("-Xms512m", "-Xmx1g"), GatewayMain.class,
        List.of(config(name, metrics, logDir).toString()), logDir);
  }

  /** One closed-loop point on {@code gw}'s {@code /mcp/direct} with fresh sessions. */
  private static Stats.LoadResult point(ChildJvm gw, int sessions, Duration warmup, Duration window)
      throws Exception {
    List<EchoSession> open = ThroughputPhase.openAll(sessions, () -> GroupCallSession.open(gw.port(), "/mcp/direct",
        List.of("echo"), ThroughputPhase.IO_TIMEOUT), 200);
    try {
      long pid = gw.pid();
      Stats.LoadResult r = LoadGenerator.run(gw.name(), open, warmup, window, 10_000_000,
          new CpuMeter().add("server", () -> CpuMeter.of(pid)));
      Bench.progress("metrics: %s x%d: %.0f calls/s", gw.name(), sessions, r.callsPerSecond());
      return r;
    } finally {
      ThroughputPhase.closeAll(open);
    }
  }

  private static Path config(String name, boolean metrics, Path logDir) throws Exception {
    ObjectNode root = Json.object();
    List<String> cmd = ChildJvm.command(new ArrayList<>(CHILD_OPTS), Servers.FIXTURE_MAIN, List.of());
    ObjectNode s = root.putObject("mcpServers").putObject("direct").put("command", cmd.get(0)).put("sharing",
        "shared");
    cmd.subList(1, cmd.size()).forEach(s.putArray("args")::add);
    s.putObject("pool").put("max", 1);
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gw.putObject("sessions").put("max", 100_000);
    gw.putObject("auth").put("maxSessionsPerKey", 100_000);
    gw.putObject("metrics").put("enabled", metrics);
    Path file = logDir.resolve(name + "-config.json");
    Files.write(file, Json.bytes(root));
    return file;
  }
}
