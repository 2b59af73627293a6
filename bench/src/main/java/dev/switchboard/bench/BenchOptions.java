package dev.switchboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command line: {@code --name value} flags, each with a default that gives the full run. Immutable once parsed.
 *
 * @param phases which parts run: {@code throughput}, {@code coldstart}, {@code heap}, and the sharing-policy phases
 *     {@code policy-load}, {@code policy-start}, {@code churn}, {@code policy-memory}
 * @param sessions concurrency levels for the throughput phase
 * @param targets throughput targets, run in this order at each level: {@code floor}, {@code direct}, {@code gateway}
 * @param serverWarmup unrecorded load on a server JVM (gateway, floor) before its first point, so its JIT has
 *     compiled the hot paths before anything is recorded
 * @param sessionWarmupCalls calls each new session makes alone before a point starts, so its stdio child is out of
 *     the interpreter (a child that gets only a few calls a second would otherwise stay cold for the whole point)
 * @param warmup unrecorded load before each point
 * @param duration recorded load per point
 * @param maxCalls a cap on recorded calls per point (whichever of this and {@code duration} comes first)
 * @param rate calls per second across all sessions of a load point (throughput, policy-load), paced by
 *     {@link LoadGenerator}; 0 drives them closed-loop, as fast as answers come back. The same rate for two points
 *     compares their CPU per call at the same load, where closed loop compares them each at its own saturation
 * @param coldSessions sessions per target in the cold-start phase
 * @param idleSessions sessions opened in the heap phase
 * @param usedSessions sessions opened in the heap phase after the idle ones, each making {@code usedCalls} pings
 *     before going idle (what a session that has worked keeps)
 * @param usedCalls pings per used session
 * @param out the Markdown report, or null to only print it
 * @param provisional marks the numbers as provisional (also set when the machine is busy at the start)
 * @param invokedAs the command line shown in the report
 * @param tree which source tree was measured (empty: the git commit of the working directory, if any)
 * @param serverJvmOpts JVM options for the gateway and floor child JVMs
 * @param childJvmOpts JVM options for every stdio fixture child (through the gateway and direct alike)
 * @param child which stdio child serves {@code echo}: {@code jvm} (the fixture) or {@code python} ({@link ChildCommand})
 * @param logDir where child JVMs' stderr goes
 * @param policy the sharing-policy phases' flags
 */
record BenchOptions(
    Set<String> phases,
    List<Integer> sessions,
    List<String> targets,
    Duration serverWarmup,
    int sessionWarmupCalls,
    Duration warmup,
    Duration duration,
    long maxCalls,
    double rate,
    int coldSessions,
    int idleSessions,
    int usedSessions,
    int usedCalls,
    @Nullable Path out,
    boolean provisional,
    String invokedAs,
    String tree,
    List<String> serverJvmOpts,
    List<String> childJvmOpts,
    String child,
    Path logDir,
    PolicyOptions policy) {

  /** Every phase, in the order they run. */
  static final List<String> PHASES = List.of("throughput", "coldstart", "policy-load", "policy-start", "churn",
      "policy-memory", "heap");

  static final String USAGE = """
      usage: Bench [--phases throughput,coldstart,policy-load,policy-start,churn,policy-memory,heap]
                   [--sessions 1,8,64] [--targets floor,direct,gateway]
                   [--server-warmup 10] [--session-warmup-calls 2000] [--warmup 3] [--duration 10]
                   [--max-calls 2000000] [--rate 0] [--cold-sessions 20] [--idle-sessions 2000]
                   [--used-sessions 200] [--used-calls 100]
                   [--out docs/BENCHMARKS.md | --no-write] [--provisional] [--invoked-as "bench/run.sh ..."] [--tree "abc1234"]
                   [--server-jvm-opts "-Xms512m -Xmx1g"]
                   [--child-jvm-opts "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx64m"] [--child jvm|python]
                   [--log-dir bench/target/bench-logs]
                   [--policy-sessions 30] [--refill-timeout 20] [--policy-load-sessions 64] [--call-sessions 8]
                   [--churn-workers 8] [--memory-sessions 100]
      Durations are seconds (fractions allowed); --rate paces every load point at that many calls/s in all.""";

  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("phases", String.join(",", PHASES));
    DEFAULTS.put("sessions", "1,8,64");
    DEFAULTS.put("targets", "floor,direct,gateway");
    DEFAULTS.put("server-warmup", "10");
    DEFAULTS.put("session-warmup-calls", "2000");
    DEFAULTS.put("warmup", "3");
    DEFAULTS.put("duration", "10");
    DEFAULTS.put("max-calls", "2000000");
    DEFAULTS.put("rate", "0");
    DEFAULTS.put("cold-sessions", "20");
    DEFAULTS.put("idle-sessions", "2000");
    DEFAULTS.put("used-sessions", "200");
    DEFAULTS.put("used-calls", "100");
    DEFAULTS.put("out", "docs/BENCHMARKS.md");
    DEFAULTS.put("invoked-as", "");
    DEFAULTS.put("tree", "");
    DEFAULTS.put("server-jvm-opts", "-Xms512m -Xmx1g");
    DEFAULTS.put("child-jvm-opts", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx64m");
    DEFAULTS.put("child", "jvm");
    DEFAULTS.put("log-dir", "bench/target/bench-logs");
    PolicyOptions.defaults(DEFAULTS);
  }

  static BenchOptions parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    boolean provisional = false;
    boolean write = true;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--provisional" -> provisional = true;
        case "--no-write" -> write = false;
        case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
        default -> {
          String key = arg.startsWith("--") ? arg.substring(2) : "";
          if (!DEFAULTS.containsKey(key) || i + 1 >= args.length) {
            throw new IllegalArgumentException("unknown or incomplete option " + arg + "\n" + USAGE);
          }
          values.put(key, args[++i]);
        }
      }
    }
    Set<String> phases = Set.copyOf(csv(option(values, "phases")));
    for (String p : phases) {
      if (!PHASES.contains(p)) {
        throw new IllegalArgumentException("unknown phase " + p);
      }
    }
    List<String> targets = csv(option(values, "targets"));
    for (String t : targets) {
      if (!Set.of("floor", "direct", "gateway").contains(t)) {
        throw new IllegalArgumentException("unknown target " + t);
      }
    }
    String child = ChildCommand.kind(option(values, "child"));
    List<Integer> sessions = csv(option(values, "sessions")).stream().map(Integer::parseInt).toList();
    if (sessions.stream().anyMatch(n -> n < 1 || n > 1024)) {
      throw new IllegalArgumentException("--sessions must be from 1 to 1024");
    }
    double rate = Double.parseDouble(option(values, "rate"));
    if (!(rate == 0 || (rate >= 1 && rate <= 10_000_000))) {
      throw new IllegalArgumentException("--rate must be 0 (closed loop) or from 1 to 10000000 calls/s");
    }
    return new BenchOptions(phases, sessions, targets, seconds(option(values, "server-warmup")),
        Integer.parseInt(option(values, "session-warmup-calls")), seconds(option(values, "warmup")),
        seconds(option(values, "duration")), Long.parseLong(option(values, "max-calls")), rate,
        Integer.parseInt(option(values, "cold-sessions")), Integer.parseInt(option(values, "idle-sessions")),
        Integer.parseInt(option(values, "used-sessions")), Integer.parseInt(option(values, "used-calls")),
        write ? Path.of(option(values, "out")) : null, provisional, option(values, "invoked-as"),
        option(values, "tree"), words(option(values, "server-jvm-opts")), words(option(values, "child-jvm-opts")),
        child,
        Path.of(option(values, "log-dir")), PolicyOptions.parse(values));
  }

  /** The value after {@code name} in {@code args}, or {@code fallback}: for the single-purpose benches' flags. */
  static String flag(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /**
   * The value of {@code --key}; every option has a default, so a missing one is a programming error in
   * {@link #DEFAULTS}.
   */
  static String option(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("option --" + key + " has no value and no default");
    }
    return value;
  }

  static Duration seconds(String text) {
    double s = Double.parseDouble(text);
    if (s < 0 || s > 3600) {
      throw new IllegalArgumentException("a duration must be from 0 to 3600 seconds: " + text);
    }
    return Duration.ofNanos((long) (s * 1e9));
  }

  private static List<String> csv(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
