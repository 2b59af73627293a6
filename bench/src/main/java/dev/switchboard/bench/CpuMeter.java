package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Total CPU time (user + system, from the OS) of named groups of processes, sampled at the edges of a measurement
 * window, so a result can say where the CPU per call went: the server JVM, the stdio children, the bench client.
 */
final class CpuMeter {
  private final Map<String, LongSupplier> groups = new LinkedHashMap<>();

  CpuMeter add(String name, Supplier<List<ProcessHandle>> processes) {
    groups.put(name, () -> processes.get().stream()
        .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum());
    return this;
  }

  /** A group read as nanoseconds of CPU so far by any means (see {@link #childrenEverOf}). */
  CpuMeter addNanos(String name, LongSupplier nanos) {
    groups.put(name, nanos);
    return this;
  }

  /** Nanoseconds of CPU used so far, per group, plus {@value #MACHINE}: all CPUs' busy time (other processes too). */
  Map<String, Long> sample() {
    Map<String, Long> out = new LinkedHashMap<>();
    groups.forEach((name, nanos) -> out.put(name, nanos.getAsLong()));
    out.put(MACHINE, machineBusyNanos());
    return out;
  }

  /** The key of the whole machine's busy CPU time in {@link #sample}. */
  static final String MACHINE = "machine";

  /** Busy time of all CPUs since boot from /proc/stat (user, nice, system, irq, softirq, steal), or 0 off Linux. */
  static long machineBusyNanos() {
    try {
      String first = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += i < f.length ? Long.parseLong(f[i]) : 0;
      }
      return busy * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The fraction of all CPUs busy over {@code millis}, measured now (before a run, to tell a quiet machine). */
  static double machineBusyFraction(long millis) throws InterruptedException {
    long before = machineBusyNanos();
    long t0 = System.nanoTime();
    Thread.sleep(millis);
    long after = machineBusyNanos();
    return (after - before) / (double) ((System.nanoTime() - t0) * Runtime.getRuntime().availableProcessors());
  }

  /** {@code (after - before)} per group, in microseconds per call. */
  static Map<String, Double> perCall(Map<String, Long> before, Map<String, Long> after, long calls) {
    Map<String, Double> out = new LinkedHashMap<>();
    before.forEach((name, b) -> out.put(name, calls == 0 ? Double.NaN
        : (after.getOrDefault(name, b) - b) / 1e3 / calls));
    return out;
  }

  static List<ProcessHandle> self() {
    return List.of(ProcessHandle.current());
  }

  static List<ProcessHandle> of(long pid) {
    return ProcessHandle.of(pid).stream().toList();
  }

  static List<ProcessHandle> childrenOf(long pid) {
    return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children).toList();
  }

  /**
   * CPU nanoseconds of every child {@code pid} ever had: the live ones' own time plus what the kernel has added to
   * {@code pid}'s {@code cutime + cstime} for children it has reaped. Right where children come and go during a
   * window (the {@code call} policy stops a child after every call); a child that exits inside the window moves its
   * whole time from the first term to the second.
   */
  static long childrenEverOf(long pid) {
    long live = childrenOf(pid).stream()
        .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // after "pid (comm) ", f[0] is field 3 (state); cutime and cstime are fields 16 and 17
      return live + (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (java.io.IOException | RuntimeException e) {
      return live;
    }
  }
}
