package dev.switchboard.cli.setup;

import java.io.IOException;
import java.util.List;

/**
 * Runs the service manager's commands ({@code systemctl}, {@code launchctl}, {@code schtasks}); tests substitute a
 * recorder so they never touch the real one. Implementations must be safe to call from one thread at a time.
 */
public interface CommandRunner {
  /** Runs to completion and returns the exit code with stdout and stderr merged. */
  Result run(List<String> command) throws IOException, InterruptedException;

  /** True when {@code program} is on the PATH. */
  boolean available(String program);

  /** How a command ended. */
  record Result(int exitCode, String output) {}
}
