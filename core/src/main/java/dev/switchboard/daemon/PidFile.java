package dev.switchboard.daemon;

import dev.switchboard.config.Home;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code switchboard.pid}: the daemon's PID and the instant its process started. The start instant is what tells a
 * live daemon from an unrelated process that reused the PID after a crash.
 */
public record PidFile(long pid, Instant processStart) {
  public static PidFile ofCurrentProcess() {
    ProcessHandle self = ProcessHandle.current();
    return new PidFile(self.pid(), self.info().startInstant().orElse(Instant.EPOCH));
  }

  public static Optional<PidFile> read(Path file) {
    try {
      String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+");
      Instant start = parts.length > 1 ? Instant.parse(parts[1]) : Instant.EPOCH;
      return Optional.of(new PidFile(Long.parseLong(parts[0]), start));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void write(Path file) throws IOException {
    Home.writeOwnerOnly(file, (pid + " " + processStart + "\n").getBytes(StandardCharsets.US_ASCII));
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
