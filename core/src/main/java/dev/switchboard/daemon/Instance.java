package dev.switchboard.daemon;

import dev.switchboard.config.Home;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * What {@code start}, {@code stop} and {@code status} see of the daemon in a home: running (with its PID and
 * state), not running, or stale (a PID file whose process is gone or is now some other process). Reading a stale
 * state cleans it up.
 */
public sealed interface Instance {
  record Running(ProcessHandle process, Optional<StateFile> state) implements Instance {}

  record NotRunning() implements Instance {}

  record Stale(long pid) implements Instance {}

  static Instance inspect(Home home) {
    Optional<PidFile> pid = PidFile.read(home);
    if (pid.isEmpty()) {
      return new NotRunning();
    }
    Optional<ProcessHandle> live = pid.get().liveProcess();
    if (live.isPresent()) {
      return new Running(live.get(), StateFile.read(home.stateFile()));
    }
    cleanUp(home);
    return new Stale(pid.get().pid());
  }

  /** Removes the PID and state files. */
  static void cleanUp(Home home) {
    try {
      Files.deleteIfExists(home.pidFile());
      Files.deleteIfExists(home.stateFile());
    } catch (IOException e) {
      // best effort: a later start overwrites them
    }
  }
}
