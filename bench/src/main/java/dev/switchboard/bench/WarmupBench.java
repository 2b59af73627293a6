package dev.switchboard.bench;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How fast a freshly started daemon reaches its steady throughput: starts {@code bin/switchboard run} (the daemon's
 * real JVM options and class-data cache), waits for {@code /health}, then drives {@code tools/call echo} through one
 * {@code shared} child from N sessions for a while and counts the calls answered in each second. Each mode is a new
 * daemon: {@code aot} as the launcher runs it, {@code no-aot} with the cache switched off ({@code -XX:AOTMode=off}),
 * {@code opts:OPTIONS} with {@code SWITCHBOARD_JAVA_OPTS=OPTIONS}. {@code --client-warmup S} first drives a throwaway
 * daemon for S seconds, so the load generator's own JIT warm-up (this JVM's HTTP client) is not counted against the
 * daemon's. {@code --pre-load N:S} drives N sessions for S seconds after {@code /health}, before the measured load
 * (what a warm-up inside the daemon would buy). Prints a Markdown table per mode. Run: {@code bench/run.sh} builds the module; then
 * {@code java -cp bench/target/... dev.switchboard.bench.WarmupBench [--sessions 64] [--seconds 30]
 * [--client-warmup 0] [--pre-load N:S] [--modes aot,no-aot] [--child jvm|python]}.
 */
public final class WarmupBench {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private WarmupBench() {}

  public static void main(String[] args) throws Exception {
    int sessions = intArg(args, "--sessions", 64);
    int seconds = intArg(args, "--seconds", 30);
    List<String> modes = List.of(stringArg(args, "--modes", "aot,no-aot").split(","));
    Path root = Path.of(stringArg(args, "--root", ".")).toAbsolutePath().normalize();
    int clientWarmup = intArg(args, "--client-warmup", 0);
    String child = ChildCommand.kind(stringArg(args, "--child", "jvm"));
    String preLoad = stringArg(args, "--pre-load", ""); // N:S before the measured load, or empty
    if (clientWarmup > 0) {
      run(root, "aot", sessions, clientWarmup, child, "");
      progress("load generator warmed for %d s on a throwaway daemon", clientWarmup);
    }
    for (String mode : modes) {
      long[] perSecond = run(root, mode, sessions, seconds, child, preLoad);
      System.out.println(report(mode, sessions, perSecond));
    }
  }

  private static long[] run(Path root, String mode, int sessions, int seconds, String child, String preLoad)
      throws Exception {
    Path home = Files.createTempDirectory("switchboard-warmup-");
    int port = freePort();
    writeConfig(home, port, childCommand(root, child));
    ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/switchboard").toString(), "run", "--port",
        Integer.toString(port)).redirectInput(Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(home.resolve("stdout.log").toFile()).redirectError(home.resolve("stderr.log").toFile());
    pb.environment().put("SWITCHBOARD_HOME", home.toString());
    pb.environment().put("SWITCHBOARD_NO_BUILD", "1");
    pb.environment().put("SWITCHBOARD_JAVA_OPTS", javaOptions(mode));
    Process daemon = pb.start();
    try {
      long started = System.nanoTime();
      awaitHealth(port);
      progress("%s: /health answered %d ms after the launch", mode, (System.nanoTime() - started) / 1_000_000);
      if (!preLoad.isEmpty()) {
        String[] p = preLoad.split(":");
        long[] warm = drive(port, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        progress("pre-load: %s calls per second", java.util.Arrays.toString(warm));
      }
      return drive(port, sessions, seconds);
    } finally {
      daemon.descendants().forEach(ProcessHandle::destroy);
      daemon.destroy();
      daemon.waitFor();
    }
  }

  /**
   * Opens the sessions (their time counts: it is part of what a user waits for after a start), then every session
   * calls in a closed loop; {@code counts[s]} is the calls answered in second {@code s} after /health answered.
   */
  private static long[] drive(int port, int n, int seconds) throws Exception {
    long t0 = System.nanoTime();
    long end = t0 + Duration.ofSeconds(seconds).toNanos();
    AtomicLongArray counts = new AtomicLongArray(seconds);
    AtomicReference<@Nullable String> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      threads.add(Thread.ofPlatform().daemon().name("warmup-" + i).start(() -> loop(port, t0, end, counts, failure)));
    }
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(seconds + 60));
    }
    if (failure.get() != null) {
      throw new IOException("a session failed: " + failure.get());
    }
    long[] out = new long[seconds];
    for (int s = 0; s < seconds; s++) {
      out[s] = counts.get(s);
    }
    return out;
  }

  private static String javaOptions(String mode) {
    if (mode.startsWith("opts:")) {
      return mode.substring("opts:".length());
    }
    return mode.equals("no-aot") ? "-XX:AOTMode=off" : "";
  }

  private static void loop(int port, long t0, long end, AtomicLongArray counts,
      AtomicReference<@Nullable String> failure) {
    try (HttpEchoSession session = HttpEchoSession.open(port, Servers.GATEWAY_PATH, TIMEOUT)) {
      for (long id = 1; System.nanoTime() < end; id++) {
        session.echo(id);
        long at = (System.nanoTime() - t0) / 1_000_000_000L;
        if (at < counts.length()) {
          counts.incrementAndGet((int) at);
        }
      }
    } catch (IOException | RuntimeException e) {
      failure.compareAndSet(null, e.toString());
    }
  }

  static String report(String mode, int sessions, long[] perSecond) {
    int tail = Math.max(1, perSecond.length / 3);
    long[] last = java.util.Arrays.copyOfRange(perSecond, perSecond.length - tail, perSecond.length);
    java.util.Arrays.sort(last);
    long steady = last[last.length / 2];
    int reached = -1;
    for (int s = 0; s < perSecond.length && reached < 0; s++) {
      reached = perSecond[s] >= 0.8 * steady ? s + 1 : -1;
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%n%s, %d sessions: steady %,d calls/s (median of the last %d s); 80 %% of it "
        + "within %s s of /health answering%n%n| second |", mode, sessions, steady, tail, reached));
    for (int s = 1; s <= perSecond.length; s++) {
      b.append(' ').append(s).append(" |");
    }
    b.append("\n|---|").append("---:|".repeat(perSecond.length)).append("\n| calls |");
    for (long c : perSecond) {
      b.append(String.format(Locale.ROOT, " %,d |", c));
    }
    return b.toString();
  }

  /**
   * The shared child: the fixture on a JVM ({@code jvm}, the default), or {@code python}, a tiny echo server with no
   * JIT of its own, so the curve is the gateway's warm-up alone.
   */
  private static List<String> childCommand(Path root, String child) {
    return child.equals("python") ? ChildCommand.python(root)
        : ChildJvm.command(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"), Servers.FIXTURE_MAIN, List.of());
  }

  private static void writeConfig(Path home, int port, List<String> cmd) throws IOException {
    ObjectNode root = dev.switchboard.protocol.Json.object();
    ObjectNode fixture = root.putObject("mcpServers").putObject(Servers.SERVER_NAME).put("command", cmd.get(0));
    ArrayNode args = fixture.putArray("args");
    cmd.subList(1, cmd.size()).forEach(args::add);
    fixture.put("sharing", "shared");
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", port);
    gw.putObject("logging").put("level", "warn");
    Files.write(home.resolve("config.json"), dev.switchboard.protocol.Json.bytes(root));
  }

  private static void awaitHealth(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20); // polling a process that says nothing else when it is ready
    }
    throw new IOException("/health did not answer within " + TIMEOUT.toSeconds() + " s");
  }

  private static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[warmup] " + format + "%n", args);
  }
}
