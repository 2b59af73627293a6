package dev.switchboard.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder with one file per live child ({@code children/PID}: its start instant and command line), so a gateway
 * restarted after a crash can stop the children the dead one left behind. A child is killed only when its PID still
 * names the same process (same start instant and command), never an unrelated process that reused the PID.
 */
public final class ChildLedger {
  private static final Logger LOG = LoggerFactory.getLogger(ChildLedger.class);

  private final Path dir;

  public ChildLedger(Path dir) {
    this.dir = dir;
  }

  public void record(ProcessHandle child) {
    try {
      Files.createDirectories(dir);
      String start = child.info().startInstant().map(Instant::toString).orElse("");
      String command = child.info().commandLine().orElse(child.info().command().orElse(""));
      Files.writeString(dir.resolve(Long.toString(child.pid())), start + "\n" + command + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot record child {} in {}: {}", child.pid(), dir, e.toString());
    }
  }

  public void forget(long pid) {
    try {
      Files.deleteIfExists(dir.resolve(Long.toString(pid)));
    } catch (IOException e) {
      LOG.debug("cannot forget child {}: {}", pid, e.toString());
    }
  }

  /** Stops every recorded child that is still the same process; returns how many were stopped. */
  public int reapOrphans() {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int reaped = 0;
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        reaped += reap(entry) ? 1 : 0;
      }
    } catch (IOException e) {
      LOG.warn("cannot read the child ledger {}: {}", dir, e.toString());
    }
    return reaped;
  }

  private boolean reap(Path entry) throws IOException {
    long pid;
    try {
      pid = Long.parseLong(entry.getFileName().toString());
    } catch (NumberFormatException e) {
      return false;
    }
    List<String> lines = Files.readAllLines(entry, StandardCharsets.UTF_8);
    Files.deleteIfExists(entry);
    var live = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> matches(h, lines));
    if (live.isEmpty()) {
      return false;
    }
    LOG.warn("stopping orphaned child {} left by a previous gateway: {}", pid, lines.size() > 1 ? lines.get(1) : "");
    List<ProcessHandle> tree = ProcessTrees.snapshot(live.get());
    tree.forEach(ProcessHandle::destroy);
    sleep(Duration.ofMillis(500));
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    return true;
  }

  private static boolean matches(ProcessHandle handle, List<String> recorded) {
    String start = recorded.isEmpty() ? "" : recorded.get(0);
    String command = recorded.size() > 1 ? recorded.get(1) : "";
    boolean sameStart = handle.info().startInstant().map(i -> i.toString().equals(start)).orElse(false);
    boolean sameCommand = handle.info().commandLine().or(() -> handle.info().command()).map(command::equals)
        .orElse(false);
    return sameStart && sameCommand;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
