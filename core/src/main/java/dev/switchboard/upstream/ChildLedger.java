package dev.switchboard.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder with one file per live child ({@code children/PID}), so a gateway restarted after a crash can stop the
 * children the dead one left behind.
 *
 * <p>A child is identified by its PID and its start time, never by its command line: a server started through a
 * shim ({@code env}, {@code pyenv}, {@code asdf}, {@code npx} wrappers) {@code exec}s into another program, so the
 * command line recorded at spawn no longer matches while the PID and start time still do. On Linux the start time is
 * the kernel's (clock ticks since boot, with the boot id), which neither {@code exec} nor a change of the wall clock
 * alters; elsewhere it is the JDK's start instant. A PID reused by an unrelated process has another start time and
 * is left alone. The command line is kept only for the log.
 *
 * <p>An orphan is stopped with everything it started: its descendants, and — when it leads its own process group
 * or session (a child that called {@code setsid}/{@code setpgid}) — every member of that group or session, which
 * reaches grandchildren whose parent already exited. All are sent TERM, then KILL after a grace period.
 *
 * <p>Children started through {@code setsid} ({@link ProcessTrees#ownGroup}) are recorded as group leaders
 * ({@code group=own}): when such a child has exited on its own before the restart, the members left in its group
 * (grandchildren whose parent is gone) are still found and stopped.
 *
 * <p>File format (UTF-8 lines): start instant, command line, then {@code key=value} lines ({@code ticks},
 * {@code boot}, {@code group}); entries written by earlier versions (first two lines only) are still understood.
 */
public final class ChildLedger {
  private static final Logger LOG = LoggerFactory.getLogger(ChildLedger.class);
  private static final Duration TERM_GRACE = Duration.ofSeconds(2);
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private final Path dir;

  public ChildLedger(Path dir) {
    this.dir = dir;
  }

  /** What identifies a process across {@code exec}: PID and start time (kernel ticks + boot id on Linux). */
  record Identity(long pid, String startInstant, long startTicks, @Nullable String boot, String command,
      boolean leadsGroup) {
    static Identity of(ProcessHandle handle) {
      return of(handle, false);
    }

    static Identity of(ProcessHandle handle, boolean leadsGroup) {
      String start = handle.info().startInstant().map(Instant::toString).orElse("");
      long ticks = ProcStat.of(handle.pid()).map(ProcStat::startTicks).orElse(-1L);
      String command = handle.info().commandLine().orElse(handle.info().command().orElse(""));
      return new Identity(handle.pid(), start, ticks, ticks >= 0 ? ProcStat.bootId() : null, command, leadsGroup);
    }

    static Identity read(long pid, List<String> lines) {
      Map<String, String> keys = new LinkedHashMap<>();
      for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          keys.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      long ticks;
      try {
        ticks = Long.parseLong(keys.getOrDefault("ticks", "-1"));
      } catch (NumberFormatException e) {
        ticks = -1;
      }
      return new Identity(pid, lines.isEmpty() ? "" : lines.get(0), ticks, keys.get("boot"),
          lines.size() > 1 ? lines.get(1) : "", "own".equals(keys.get("group")));
    }

    String text() {
      StringBuilder out = new StringBuilder().append(startInstant).append('\n')
          .append(command.replace('\n', ' ').replace('\r', ' ')).append('\n');
      if (startTicks >= 0) {
        out.append("ticks=").append(startTicks).append('\n');
      }
      if (boot != null) {
        out.append("boot=").append(boot).append('\n');
      }
      if (leadsGroup) {
        out.append("group=own\n");
      }
      return out.toString();
    }

    /** Whether {@code now} (the same PID, read today) is the process recorded here. */
    boolean sameProcessAs(Identity now) {
      if (startTicks >= 0 && boot != null && now.startTicks >= 0 && now.boot != null) {
        return startTicks == now.startTicks && boot.equals(now.boot);
      }
      return !startInstant.isEmpty() && startInstant.equals(now.startInstant);
    }
  }

  public void record(ProcessHandle child) {
    record(child, false);
  }

  /**
   * Records a live child; {@code leadsGroup} when it was started as the leader of its own session and process group
   * (through {@code setsid}), so that group is reaped even after the child itself has exited.
   */
  public void record(ProcessHandle child, boolean leadsGroup) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(Long.toString(child.pid())), Identity.of(child, leadsGroup).text(),
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

  /**
   * Stops every recorded child that is still the same process, with its tree and (if it leads one) its process
   * group; returns how many recorded children were stopped. Entries are removed as they are read.
   */
  public int reapOrphans() {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int reaped = 0;
    Set<ProcessHandle> doomed = new LinkedHashSet<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        List<ProcessHandle> tree = orphanTree(entry);
        if (!tree.isEmpty()) {
          reaped++;
          doomed.addAll(tree);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read the child ledger {}: {}", dir, e.toString());
    }
    stop(doomed);
    return reaped;
  }

  /** The processes to stop for one ledger entry (empty when its child is gone or its PID now names another). */
  private List<ProcessHandle> orphanTree(Path entry) throws IOException {
    long pid;
    try {
      pid = Long.parseLong(entry.getFileName().toString());
    } catch (NumberFormatException e) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(entry, StandardCharsets.UTF_8);
    Files.deleteIfExists(entry);
    Identity recorded = Identity.read(pid, lines);
    Optional<ProcessHandle> live = ProcessHandle.of(pid).filter(ChildLedger::running);
    if (live.isEmpty()) {
      // gone, or a zombie: the recorded child itself (same start) may have left its group behind
      boolean gone = ProcStat.of(pid).map(st -> st.startTicks() == recorded.startTicks()).orElse(true);
      return gone ? strandedGroup(recorded) : List.of();
    }
    if (pid == ProcessHandle.current().pid()
        || !recorded.sameProcessAs(Identity.of(live.get()))) {
      return List.of();
    }
    ProcessHandle root = live.get();
    Set<ProcessHandle> tree = new LinkedHashSet<>(ProcessTrees.snapshot(root));
    tree.addAll(groupOf(root));
    tree.removeIf(h -> h.pid() == ProcessHandle.current().pid());
    LOG.warn("stopping orphaned child {} left by a previous gateway ({} process(es)): {}", pid, tree.size(),
        recorded.command());
    return List.copyOf(tree);
  }

  /**
   * When {@code root} leads its own process group or session, the other members of it that started no earlier than
   * it did (its offspring, even those whose parent already exited); otherwise nothing — a child that did not make
   * itself a leader shares the gateway's group, which must never be signalled.
   */
  private static List<ProcessHandle> groupOf(ProcessHandle root) {
    Optional<ProcStat> stat = ProcStat.of(root.pid());
    if (stat.isEmpty() || (stat.get().pgrp() != root.pid() && stat.get().session() != root.pid())) {
      return List.of();
    }
    long own = ProcStat.of(ProcessHandle.current().pid()).map(ProcStat::pgrp).orElse(-1L);
    if (own == root.pid()) {
      return List.of();
    }
    List<ProcessHandle> members = new ArrayList<>();
    for (ProcStat p : ProcStat.all()) {
      boolean inGroup = p.pgrp() == root.pid() || p.session() == root.pid();
      if (inGroup && p.pid() != root.pid() && !p.exited() && p.startTicks() >= stat.get().startTicks()) {
        ProcessHandle.of(p.pid()).ifPresent(members::add);
      }
    }
    return members;
  }

  /**
   * The live members of the session and group a recorded child led, once that child has exited on its own: the
   * grandchildren it left behind, reparented out of any tree. Only for a child recorded as a leader, on the same boot,
   * and only processes started no earlier than it; while no process holds the PID, no other process can have made a
   * group of that number since. Linux only ({@code /proc}); empty elsewhere.
   */
  private static List<ProcessHandle> strandedGroup(Identity recorded) {
    if (!recorded.leadsGroup() || recorded.startTicks() < 0 || recorded.boot() == null
        || !recorded.boot().equals(ProcStat.bootId())) {
      return List.of();
    }
    long own = ProcStat.of(ProcessHandle.current().pid()).map(ProcStat::pgrp).orElse(-1L);
    List<ProcessHandle> members = new ArrayList<>();
    for (ProcStat p : ProcStat.all()) {
      if (p.pgrp() == recorded.pid() && p.session() == recorded.pid() && own != recorded.pid() && !p.exited()
          && p.startTicks() >= recorded.startTicks()) {
        ProcessHandle.of(p.pid()).ifPresent(members::add);
      }
    }
    if (!members.isEmpty()) {
      LOG.warn("stopping {} process(es) left in the group of exited child {} by a previous gateway: {}",
          members.size(), recorded.pid(), recorded.command());
    }
    return members;
  }

  /** TERM to all, then KILL to whatever still runs after the grace period; returns once all are gone or after both. */
  private static void stop(Set<ProcessHandle> doomed) {
    if (doomed.isEmpty()) {
      return;
    }
    doomed.forEach(ProcessHandle::destroy);
    if (!awaitGone(doomed, TERM_GRACE)) {
      doomed.stream().filter(ChildLedger::running).forEach(ProcessHandle::destroyForcibly);
      awaitGone(doomed, KILL_GRACE);
    }
  }

  private static boolean awaitGone(Set<ProcessHandle> processes, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (processes.stream().anyMatch(ChildLedger::running)) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Alive and not a zombie. An orphan's exit is collected by PID 1 (or a subreaper), which may never do it; the JDK
   * calls such a zombie alive, so {@code /proc} is asked where there is one.
   */
  static boolean running(ProcessHandle handle) {
    return handle.isAlive() && ProcStat.of(handle.pid()).map(s -> !s.exited()).orElse(true);
  }
}
