package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * What the numbers were measured on: CPUs, memory, JDK, CPU model, kernel, and how busy the machine already was
 * when the run started (load average, and the share of all CPUs busy over one second just before). Immutable.
 */
record Machine(String date, String nproc, String free, String jdk, String cpuModel, String kernel, String loadAverage,
    double busyAtStart) {

  static Machine probe() throws InterruptedException {
    String date = ZonedDateTime.now(ZoneId.systemDefault())
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"));
    String nproc = run("nproc").strip();
    if (nproc.isEmpty()) {
      nproc = Integer.toString(Runtime.getRuntime().availableProcessors());
    }
    String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vendor") + ")";
    return new Machine(date, nproc, run("free", "-h").stripTrailing(), jdk, readCpuModel(), run("uname", "-srm")
        .strip(),
        read("/proc/loadavg").strip(), CpuMeter.machineBusyFraction(1000));
  }

  /** {@code /proc/loadavg} now (empty off Linux). */
  static String loadAverageNow() {
    return read("/proc/loadavg").strip();
  }

  /** The git commit of the working directory, noting uncommitted changes to tracked files; "unknown" outside git. */
  static String gitTree() {
    String head = run("git", "rev-parse", "--short", "HEAD").strip();
    if (head.isEmpty() || head.contains(" ")) {
      return "unknown";
    }
    long changed = run("git", "status", "--porcelain", "--untracked-files=no").lines().filter(l -> !l.isBlank())
        .count();
    return head + (changed == 0 ? "" : " with " + changed + " uncommitted tracked file(s) changed");
  }

  private static String readCpuModel() {
    for (String line : read("/proc/cpuinfo").split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "unknown";
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
