package dev.switchboard.testing;

import java.util.List;

/** Looks at the OS process table for children of this JVM, so tests can prove none leaked. */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** Live descendants of the test JVM whose command line mentions {@code marker}. */
  public static List<ProcessHandle> matching(String marker) {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
  }

  /** Every live process on the machine whose command line mentions {@code marker} (orphans included). */
  public static List<ProcessHandle> anywhere(String marker) {
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
  }
}
