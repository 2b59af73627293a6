package dev.switchboard.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What Linux says about a process in {@code /proc/PID/stat}: its state, parent, process group, session and start
 * time in clock ticks since boot. The start time names one process for the life of the machine — it survives
 * {@code exec} (a shim such as {@code env}, {@code pyenv} or {@code asdf} replacing itself with the real server)
 * and, unlike the wall-clock start instant, clock changes. Elsewhere (no {@code /proc}) nothing is known and callers
 * fall back to {@link ProcessHandle.Info}. Immutable.
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTicks) {
  private static final Path PROC = Path.of("/proc");

  /** The process's stat, or empty when it is gone or there is no {@code /proc}. */
  static Optional<ProcStat> of(long pid) {
    try {
      return Optional.ofNullable(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** This boot's id ({@code /proc/sys/kernel/random/boot_id}), so start ticks are never compared across reboots. */
  static @Nullable String bootId() {
    try {
      return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Every process in {@code /proc} (empty elsewhere). */
  static List<ProcStat> all() {
    try (Stream<Path> entries = Files.list(PROC)) {
      return entries.map(p -> p.getFileName().toString()).filter(ProcStat::isNumber)
          .map(name -> of(Long.parseLong(name))).flatMap(Optional::stream).toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** A zombie has exited; it only waits for its parent to collect it, and signals do nothing to it. */
  boolean exited() {
    return state == 'Z' || state == 'X' || state == 'x';
  }

  static @Nullable ProcStat parse(long pid, String stat) {
    // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    //  priority nice threads itrealvalue starttime ..." — comm may hold spaces and parentheses, so cut at the last ')'
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    if (f.length < 20 || f[0].isEmpty()) {
      return null;
    }
    return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
        Long.parseLong(f[19]));
  }

  private static boolean isNumber(String name) {
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
