package dev.switchboard.cli;

import dev.switchboard.cli.setup.Os;
import dev.switchboard.daemon.StateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * How {@code stop} asks the daemon to stop: SIGTERM on Unix (its shutdown hook drains), or, on Windows, where a
 * process cannot be sent a signal it can handle, {@code POST /admin/stop} with the admin token. Stateless.
 */
enum StopMethod {
  SIGNAL,
  ADMIN;

  static StopMethod forOs(Os os) {
    return os == Os.WINDOWS ? ADMIN : SIGNAL;
  }

  /** Sends the request; an admin request that fails falls back to what the JDK can do to the process. */
  void request(ProcessHandle process, Optional<StateFile> state, PrintWriter err) throws InterruptedException {
    if (this == ADMIN && state.isPresent()) {
      try {
        DaemonClient.stop(state.get());
        return;
      } catch (IOException e) {
        err.println("The daemon's admin endpoint did not take the stop (" + e.getMessage() + "); ending process "
            + process.pid() + " instead");
      }
    }
    process.destroy();
  }
}
