package dev.switchboard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Looks at the OS process table for children of this JVM, so tests can prove none leaked. */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** Live descendants of the test JVM whose command line mentions {@code marker}. */
  public static List<ProcessHandle> matching(String marker) {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).map(c -> c.contains(marker)).orElse(false)).toList();
  }

  /** Every live process on the machine whose command line mentions {@code marker} (orphans included). */
  public static List<ProcessHandle> anywhere(String marker) {
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).map(c -> c.contains(marker)).orElse(false)).toList();
  }

  /**
   * Whether a process is alive and not a zombie. The sandbox's PID 1 does not reap orphans, and Java reports an
   * unreaped zombie as alive, so /proc is consulted on Linux.
   */
  public static boolean running(long pid) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      try {
        String s = Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
      } catch (IOException e) {
        return !Files.isDirectory(Path.of("/proc/self"));
      }
    }
    return false;
  }

  /**
   * The whole command line. {@code ProcessHandle.Info} reads only the first few KB of {@code /proc/PID/cmdline}, and
   * a fixture's class path alone is longer than that, so its main class would never be seen; on Linux the file is
   * read whole.
   */
  private static Optional<String> commandLine(ProcessHandle p) {
    Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        return Optional.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ').strip());
      }
    } catch (IOException e) {
      return Optional.empty(); // it exited meanwhile
    }
    return p.info().commandLine();
  }
}
