package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's entry point (run it with {@code bench/run.sh}; {@code --help} lists the flags): phase 1
 * ({@link ThroughputPhase}) measures {@code tools/call echo} throughput and latency through the gateway, directly
 * over stdio and against the HTTP floor; phase 2 ({@link ColdStartPhase}) the time from {@code initialize} to the
 * first tool result of a new session; then the sharing-policy phases on a second gateway ({@link PolicyLoadPhase},
 * {@link PolicyStartPhase}, {@link ChurnPhase}, {@link PolicyMemoryPhase}); last, phase 3 ({@link HeapPhase}) the
 * gateway's heap per idle session. Prints a Markdown report and writes it to {@code --out}
 * ({@code docs/BENCHMARKS.md}).
 */
public final class Bench {
  /** A machine whose CPUs are this busy before the run makes the numbers provisional. */
  private static final double BUSY_THRESHOLD = 0.15;

  private Bench() {}

  public static void main(String[] args) throws Exception {
    // Before anything touches logback: the in-process gateway of the heap phase logs every session at INFO.
    System.setProperty("SWITCHBOARD_LOG_LEVEL", System.getProperty("SWITCHBOARD_LOG_LEVEL", "WARN"));
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      boolean help = e.getMessage() != null && e.getMessage().startsWith("usage:");
      (help ? System.out : System.err).println(e.getMessage());
      System.exit(help ? 0 : 2);
      return;
    }
    Machine machine = Machine.probe();
    progress("machine: %s CPUs, %.0f %% busy before the start, load average %s", machine.nproc(),
        machine.busyAtStart() * 100, machine.loadAverage());
    List<Stats.LoadResult> load = List.of();
    List<Stats.ColdResult> cold = List.of();
    List<Stats.HeapResult> heap = List.of();
    List<Stats.PolicyLoad> policyLoad = List.of();
    List<Stats.PolicyStartResult> policyStart = List.of();
    List<Stats.ChurnResult> churn = List.of();
    List<Stats.MemoryResult> memory = List.of();
    List<String> phaseFailures = new java.util.ArrayList<>();
    try (Servers servers = new Servers(options)) {
      if (options.phases().contains("throughput")) {
        try {
          load = new ThroughputPhase(options, servers).run();
        } catch (Exception e) {
          phaseFailures.add(failed("throughput", e));
        }
      }
      if (options.phases().contains("coldstart")) {
        try {
          cold = new ColdStartPhase(options, servers).run();
        } catch (Exception e) {
          phaseFailures.add(failed("coldstart", e));
        }
      }
      servers.stopGateway();
      if (options.phases().contains("policy-load")) {
        try {
          policyLoad = new PolicyLoadPhase(options, servers).run();
        } catch (Exception e) {
          phaseFailures.add(failed("policy-load", e));
        }
      }
      if (options.phases().contains("policy-start")) {
        try {
          policyStart = new PolicyStartPhase(options, servers).run();
        } catch (Exception e) {
          phaseFailures.add(failed("policy-start", e));
        }
      }
      if (options.phases().contains("churn")) {
        try {
          churn = List.of(new ChurnPhase(options, servers).run());
        } catch (Exception e) {
          phaseFailures.add(failed("churn", e));
        }
      }
      if (options.phases().contains("policy-memory")) {
        try {
          memory = new PolicyMemoryPhase(options, servers).run();
        } catch (Exception e) {
          phaseFailures.add(failed("policy-memory", e));
        }
      }
    }
    Stats.PolicyResults policy = new Stats.PolicyResults(policyLoad, policyStart, churn, memory);
    if (options.phases().contains("heap")) {
      try {
        heap = new HeapPhase(options).run();
      } catch (Exception e) {
        phaseFailures.add(failed("heap", e));
      }
    }
    boolean failed = !phaseFailures.isEmpty() || load.stream().anyMatch(l -> l.errors() > 0 || l.failure() != null)
        || cold.stream().anyMatch(c -> c.failures() > 0) || policy.failed();
    List<String> provisional = new java.util.ArrayList<>(
        ReportWriter.provisionalReasons(options, machine, BUSY_THRESHOLD, load, cold, policy));
    phaseFailures.forEach(f -> provisional.add("a phase failed: " + f));
    provisional.forEach(why -> progress("provisional: %s", why));
    String loadAtEnd = Machine.loadAverageNow();
    progress("load average at the end: %s", loadAtEnd);
    String report = ReportWriter.render(new ReportWriter.Report(options, machine, provisional, load, cold, heap,
        policy, loadAtEnd));
    System.out.println(report);
    if (options.out() != null) {
      Path out = options.out().toAbsolutePath();
      Files.createDirectories(out.getParent());
      Files.writeString(out, report, StandardCharsets.UTF_8);
      progress("wrote %s", out);
    }
    System.exit(failed ? 1 : 0);
  }

  private static String failed(String phase, Exception e) {
    progress("%s phase failed: %s", phase, e);
    e.printStackTrace();
    return phase + ": " + e;
  }

  /** A progress line on stderr (stdout carries the report). */
  static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }
}
