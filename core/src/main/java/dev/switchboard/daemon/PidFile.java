package dev.switchboard.daemon;

import dev.switchboard.config.Home;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The daemon's process as {@code start}, {@code stop} and {@code status} identify it: its PID, from
 * {@code switchboard.pid} (the bare PID and a newline, as {@code kill $(cat …)}, systemd's {@code PIDFile=} and
 * monitoring agents expect), and the instant its process started, from {@code state.json}. The start instant is what
 * tells the live daemon from an unrelated process that reused the PID after a crash.
 */
public record PidFile(long pid, Instant processStart) {
  public static PidFile ofCurrentProcess() {
    ProcessHandle self = ProcessHandle.current();
    return new PidFile(self.pid(), startOf(self));
  }

  /** The start instant the OS reports for {@code process}, or {@link Instant#EPOCH} when it reports none. */
  static Instant startOf(ProcessHandle process) {
    return process.info().startInstant().orElse(Instant.EPOCH);
  }

  /**
   * Reads the PID file of {@code home} and the start instant {@code state.json} records for that PID. A file left by
   * an older version ({@code PID START-INSTANT}) reads the same: its first token is the PID, its second the start.
   */
  public static Optional<PidFile> read(Home home) {
    try {
      String[] parts = Files.readString(home.pidFile(), StandardCharsets.US_ASCII).strip().split("\\s+");
      long pid = Long.parseLong(parts[0]);
      Instant start = parts.length > 1 ? Instant.parse(parts[1]) : StateFile.read(home.stateFile())
          .filter(s -> s.pid() == pid).map(StateFile::processStart).orElse(Instant.EPOCH);
      return Optional.of(new PidFile(pid, start));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Writes the bare PID; the start instant goes into {@code state.json}. */
  public void write(Path file) throws IOException {
    Home.writeOwnerOnly(file, (pid + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** The live process this file names, if it is still the same process (same start instant, a Java process). */
  public Optional<ProcessHandle> liveProcess() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameProcess);
  }

  private boolean sameProcess(ProcessHandle handle) {
    Optional<Instant> start = handle.info().startInstant();
    if (start.isPresent() && !processStart.equals(Instant.EPOCH)) {
      // start instants are derived from clock ticks; allow for rounding between the writer and this reader
      return Math.abs(start.get().toEpochMilli() - processStart.toEpochMilli()) < 1000;
    }
    return handle.info().command().map(c -> c.contains("java")).orElse(true);
  }
}
