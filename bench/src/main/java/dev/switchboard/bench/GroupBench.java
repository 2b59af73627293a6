package dev.switchboard.bench;

import dev.switchboard.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Groups next to servers, on one gateway JVM (run with the bench jar on the class path; see docs/BENCHMARKS.md):
 * {@code tools/call echo} on a server and through a group of three such servers (the members taken in turn), closed
 * loop at each session count, points alternating; then {@code tools/list} of a group of 10 servers x 100 tools,
 * walked whole on a new session (the members' lists fetched) and again on an open one (the merged list cached),
 * next to one member's own 100-tool list. Prints a Markdown report on stdout.
 *
 * <p>{@code GroupBench [--server-warmup S] [--warmup S] [--duration S] [--sessions 1,8] [--rounds N] [--log-dir DIR]}
 */
public final class GroupBench {
  private static final List<String> CHILD_OPTS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-Xshare:auto", "-Xmx64m");
  private static final List<String> MEMBERS = List.of("g1", "g2", "g3");
  private static final int LIST_MEMBERS = 10;
  private static final int LIST_TOOLS = 100;

  private GroupBench() {}

  public static void main(String[] args) throws Exception {
    Duration warmup = Duration.ofSeconds(Long.parseLong(BenchOptions.flag(args, "--warmup", "2")));
    Duration window = Duration.ofSeconds(Long.parseLong(BenchOptions.flag(args, "--duration", "5")));
    int rounds = Integer.parseInt(BenchOptions.flag(args, "--rounds", "20"));
    List<Integer> counts = java.util.Arrays.stream(BenchOptions.flag(args, "--sessions", "1,8").split(","))
        .map(Integer::parseInt).toList();
    Path logDir = Files.createDirectories(Path.of(BenchOptions.flag(args, "--log-dir", "bench/target/group-bench")));
    StringBuilder out = new StringBuilder();
    out.append("- load average at the start: ").append(Machine.loadAverageNow()).append('\n');
    try (ChildJvm gw = ChildJvm.start("group-gateway", List.of("-Xms512m", "-Xmx1g"), GatewayMain.class,
        List.of(config(logDir).toString()), logDir)) {
      warmUp(gw, Duration.ofSeconds(Long.parseLong(BenchOptions.flag(args, "--server-warmup", "10"))));
      calls(gw, counts, warmup, window, out);
      lists(gw, rounds, out);
    }
    out.append("- load average at the end: ").append(Machine.loadAverageNow()).append('\n');
    System.out.println(out);
    System.exit(0);
  }

  /** Unrecorded load on both endpoints (8 sessions each, half the time each), so the gateway's JIT has compiled. */
  private static void warmUp(ChildJvm gw, Duration total) throws Exception {
    for (String target : List.of("direct", "three")) {
      List<EchoSession> sessions = ThroughputPhase.openAll(8, () -> GroupCallSession.open(gw.port(), "/mcp/" + target,
          tools(target), ThroughputPhase.IO_TIMEOUT), 0);
      try {
        LoadGenerator.run("warm-up", sessions, total.dividedBy(2), Duration.ZERO, 1, new CpuMeter());
      } finally {
        ThroughputPhase.closeAll(sessions);
      }
    }
  }

  private static List<String> tools(String target) {
    return target.equals("direct") ? List.of("echo") : MEMBERS.stream().map(m -> m + "__echo").toList();
  }

  private static void calls(ChildJvm gw, List<Integer> counts, Duration warmup, Duration window, StringBuilder out)
      throws Exception {
    out.append("\n| sessions | endpoint | calls/s | p50 ms | p90 ms | p99 ms | calls | errors | gateway µs/call "
        + "| children µs/call |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int n : counts) {
      for (String target : List.of("direct", "three")) {
        List<String> tools = tools(target);
        List<EchoSession> sessions = ThroughputPhase.openAll(n, () -> GroupCallSession.open(gw.port(), "/mcp/"
            + target, tools, ThroughputPhase.IO_TIMEOUT), 200);
        try {
          long pid = gw.pid();
          Stats.LoadResult r = LoadGenerator.run(target, sessions, warmup, window, 10_000_000, new CpuMeter()
              .add("server", () -> CpuMeter.of(pid)).addNanos("children", () -> CpuMeter.childrenEverOf(pid)));
          Bench.progress("group: %s x%d: %.0f calls/s p50 %.3f ms", target, n, r.callsPerSecond(), r.latency().p50());
          out.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.3f | %.3f | %.3f | %d | %d | %.1f | %.1f |%n",
              n, target.equals("direct") ? "server `direct` (`/mcp/direct`)" : "group of 3 (`/mcp/three`)",
              r.callsPerSecond(), r.latency().p50(), r.latency().p90(), r.latency().p99(), r.calls(), r.errors(),
              r.cpuMicrosPerCall().getOrDefault("server", Double.NaN),
              r.cpuMicrosPerCall().getOrDefault("children", Double.NaN)));
        } finally {
          ThroughputPhase.closeAll(sessions);
        }
      }
    }
  }

  /** Whole-list walks: on a new session each time, on one open session, and one member's list alone. */
  private static void lists(ChildJvm gw, int rounds, StringBuilder out) throws Exception {
    out.append("\n| `tools/list` walked whole | tools | walks | median ms | p90 ms | max ms |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    long[] cold = new long[rounds];
    int listed = 0;
    for (int i = 0; i < rounds + 2; i++) {
      try (GroupCallSession s = GroupCallSession.open(gw.port(), "/mcp/ten", List.of(), ThroughputPhase.IO_TIMEOUT)) {
        long t0 = System.nanoTime();
        listed = s.listAll(1);
        if (i >= 2) {
          cold[i - 2] = System.nanoTime() - t0;
        }
      }
    }
    row(out, "group of 10 x 100, new session (members' lists fetched)", listed, cold);
    try (GroupCallSession s = GroupCallSession.open(gw.port(), "/mcp/ten", List.of(), ThroughputPhase.IO_TIMEOUT)) {
      row(out, "group of 10 x 100, open session (merged list cached)", s.listAll(1), walks(s, rounds * 5));
    }
    try (GroupCallSession s = GroupCallSession.open(gw.port(), "/mcp/m0", List.of(), ThroughputPhase.IO_TIMEOUT)) {
      row(out, "one member alone (`/mcp/m0`)", s.listAll(1), walks(s, rounds * 5));
    }
  }

  private static long[] walks(GroupCallSession s, int n) throws Exception {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      s.listAll(i + 2);
      nanos[i] = System.nanoTime() - t0;
    }
    return nanos;
  }

  private static void row(StringBuilder out, String what, int tools, long[] nanos) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.2f |%n", what, tools, sorted.length,
        Stats.rank(sorted, sorted.length, 50) / 1e6, Stats.rank(sorted, sorted.length, 90) / 1e6,
        sorted[sorted.length - 1] / 1e6));
  }

  /** direct, g1..g3: the fixture, one shared child each; m0..m9: 100 tools each, one shared child each. */
  private static Path config(Path logDir) throws Exception {
    ObjectNode root = Json.object();
    ObjectNode servers = root.putObject("mcpServers");
    for (String name : List.of("direct", "g1", "g2", "g3")) {
      server(servers, name, Servers.FIXTURE_MAIN, List.of());
    }
    for (int i = 0; i < LIST_MEMBERS; i++) {
      server(servers, "m" + i, "dev.switchboard.fixture.GroupMemberServer", List.of("--tools",
          Integer.toString(LIST_TOOLS), "--page", Integer.toString(LIST_TOOLS)));
    }
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gw.putObject("sessions").put("max", 100_000);
    gw.putObject("auth").put("maxSessionsPerKey", 100_000);
    ObjectNode groups = gw.putObject("groups");
    MEMBERS.forEach(groups.putObject("three").putArray("servers")::add);
    ArrayNode ten = groups.putObject("ten").put("listTimeout", "60s").putArray("servers");
    IntStream.range(0, LIST_MEMBERS).forEach(i -> ten.add("m" + i));
    Path file = logDir.resolve("group-gateway-config.json");
    Files.write(file, Json.bytes(root));
    return file;
  }

  private static void server(ObjectNode servers, String name, String main, List<String> args) {
    List<String> cmd = ChildJvm.command(new ArrayList<>(CHILD_OPTS), main, args);
    ObjectNode s = servers.putObject(name).put("command", cmd.get(0)).put("sharing", "shared");
    cmd.subList(1, cmd.size()).forEach(s.putArray("args")::add);
    s.putObject("pool").put("max", 1);
  }
}
