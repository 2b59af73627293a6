package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child ledger as a restarted gateway uses it: children recorded by one {@link ChildLedger}, then reaped by a new
 * one over the same folder. Children started through shims that {@code exec} (so their command line changes after
 * they were recorded) are still recognised; a process group the child made its own is stopped whole; a PID whose
 * start time differs is never touched.
 */
@Timeout(60)
@EnabledOnOs({OS.LINUX, OS.MAC})
class ChildLedgerTest {
  @TempDir
  Path home;

  private final List<Process> started = new ArrayList<>();
  private final List<Long> strays = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(Process::destroyForcibly);
    strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private Process start(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    started.add(p);
    return p;
  }

  /** The command line as the OS shows it now (after any exec). */
  private static String commandLine(Process p) {
    return p.info().commandLine().orElse("");
  }

  @Test
  void childrenThatExecAfterBeingRecordedAreStillReaped() throws Exception {
    Path children = home.resolve("children");
    ChildLedger first = new ChildLedger(children);
    List<Process> orphans = List.of(
        start("env", "sh", "-c", "sleep 0.3; exec sleep 3011"), // env → sh → (fork sleep 0.3) → exec sleep
        start("sh", "-c", "sleep 0.3; exec sleep 3012"),
        start("env", "FOO=bar", "sh", "-c", "sleep 0.3; exec env sleep 3013"),
        start("sleep", "3014")); // no shim: the one the old command-line check recognised
    orphans.forEach(p -> first.record(p.toHandle())); // as the gateway does, right after spawning
    for (Process p : orphans) {
      await("exec of " + p.pid()).atMost(Duration.ofSeconds(10))
          .until(() -> commandLine(p).matches("(/\\S*/)?sleep 301\\d"));
    }
    assertThat(Files.list(children).count()).isEqualTo(4);

    int reaped = new ChildLedger(children).reapOrphans(); // the next gateway, after a crash
    assertThat(reaped).as("children reaped").isEqualTo(4);
    for (Process p : orphans) {
      await("child " + p.pid() + " stopped").atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive());
    }
    assertThat(Files.list(children).count()).as("ledger entries left").isZero();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aChildThatLeadsItsOwnGroupIsStoppedWithGrandchildrenOutsideItsTree() throws Exception {
    assumeTrue(Programs.onPath("setsid").isPresent(), "setsid is not installed");
    Path children = home.resolve("children");
    // env → setsid → sh: the child leads a new session and group; the subshell starts a grandchild and exits, so the
    // grandchild is reparented away from the child's tree but stays in its group; the child then execs.
    Process child = start("env", "setsid", "sh", "-c", "(sleep 3021 &); sleep 0.3; exec sleep 3022");
    new ChildLedger(children).record(child.toHandle());
    await("exec").atMost(Duration.ofSeconds(10)).until(() -> commandLine(child).matches("(/\\S*/)?sleep 3022"));
    List<Long> grandchildren = groupMembers(child.pid());
    assertThat(grandchildren).as("the grandchild in the child's group").hasSize(1);
    long grandchild = grandchildren.get(0);
    strays.add(grandchild);
    assertThat(ProcessHandle.of(grandchild).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
        .as("the grandchild's parent is no longer the child").isNotEqualTo(Optional.of(child.pid()));

    assertThat(new ChildLedger(children).reapOrphans()).isEqualTo(1);
    await("child stopped").atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
    await("grandchild stopped").atMost(Duration.ofSeconds(10))
        .until(() -> ProcStat.of(grandchild).map(ProcStat::exited).orElse(true));
    assertThat(ProcessHandle.current().isAlive()).isTrue(); // our own group was never signalled
  }

  /**
   * The gateway crashed (nothing forgot or stopped its child), then the child exited on its own, leaving a grandchild
   * outside any tree the ledger could walk: the next gateway still finds it through the group the child led.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void grandchildrenOfAChildThatExitedAfterACrashAreReapedThroughItsGroup() throws Exception {
    assumeTrue(Programs.onPath("setsid").isPresent(), "setsid is not installed");
    Path children = home.resolve("children");
    ServerSpec spec = new ServerSpec("orphaning", "sh", List.of("-c", "sleep 3051 & read line"), java.util.Map.of(),
        null, null, dev.switchboard.config.UpstreamPolicy.DEFAULTS, dev.switchboard.protocol.Json.object());
    Process child = StdioUpstream.spawn(spec); // started as the gateway starts children
    started.add(child);
    new ChildLedger(children).record(child.toHandle(), ProcessTrees.childrenLeadGroups());
    await("grandchild").atMost(Duration.ofSeconds(10)).until(() -> child.toHandle().children().count() == 1);
    long grandchild = child.toHandle().children().findFirst().orElseThrow().pid();
    strays.add(grandchild);

    child.getOutputStream().close(); // `read` ends: the child exits on its own, its grandchild stays
    await("child exited").atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).contains(true);

    assertThat(new ChildLedger(children).reapOrphans()).as("the next gateway, after the crash").isEqualTo(1);
    await("grandchild stopped").atMost(Duration.ofSeconds(10))
        .until(() -> ProcStat.of(grandchild).map(ProcStat::exited).orElse(true));
    assertThat(ProcessHandle.current().isAlive()).isTrue(); // our own group was never signalled
  }

  @Test
  void aPidThatNowNamesAnotherProcessIsLeftAlone() throws Exception {
    Path children = home.resolve("children");
    Process unrelated = start("sleep", "3031");
    Files.createDirectories(children);
    // what a ledger recorded for an earlier process that had the same PID: another start time
    String boot = ProcStat.bootId();
    Files.writeString(children.resolve(Long.toString(unrelated.pid())), "2001-01-01T00:00:00Z\nsleep 3031\nticks=1\n"
        + (boot == null ? "" : "boot=" + boot + "\n"));
    Files.writeString(children.resolve(Long.toString(ProcessHandle.current().pid())),
        ChildLedger.Identity.of(ProcessHandle.current()).text()); // never ourselves, even if it matched
    assertThat(new ChildLedger(children).reapOrphans()).isZero();
    assertThat(unrelated.isAlive()).isTrue();
    assertThat(Files.list(children).count()).as("stale entries are removed").isZero();
  }

  @Test
  void anEntryFromAnEarlierVersionIsMatchedByItsStartInstant() throws Exception {
    Path children = home.resolve("children");
    Process child = start("sh", "-c", "sleep 0.3; exec sleep 3041");
    String start = child.info().startInstant().orElseThrow().toString();
    Files.createDirectories(children);
    Files.writeString(children.resolve(Long.toString(child.pid())), start + "\nsh -c sleep 0.3; exec sleep 3041\n");
    await("exec").atMost(Duration.ofSeconds(10)).until(() -> commandLine(child).matches("(/\\S*/)?sleep 3041"));
    assertThat(new ChildLedger(children).reapOrphans()).isEqualTo(1);
    await("child stopped").atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
  }

  /** Processes other than {@code leader} in the process group {@code leader} leads. */
  private static List<Long> groupMembers(long leader) {
    return ProcStat.all().stream().filter(s -> s.pgrp() == leader && s.pid() != leader && !s.exited())
        .map(ProcStat::pid).toList();
  }
}
