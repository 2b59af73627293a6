package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.ChildProcesses;
import dev.switchboard.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fixture children tagged with a per-test marker (a {@code -D} JVM flag on their command line), so a test can find
 * exactly its own children in the process table, even orphans, and prove none outlived it.
 */
final class Children {
  private Children() {}

  /** A fresh marker, unique to one test. */
  static String newMarker() {
    return "-Dswitchboard.runtime.it=" + UUID.randomUUID();
  }

  /** The conformance fixture as an {@code mcpServers} entry, tagged with {@code marker}. */
  static ObjectNode fixture(String marker) {
    return tag(Fixtures.server(Fixtures.CONFORMANCE), marker);
  }

  /** A server whose every child exits at once with code 2 ({@code dev.switchboard.fixture.Exit}). */
  static ObjectNode exiting(String marker) {
    return tag(Fixtures.server("dev.switchboard.fixture.Exit"), marker);
  }

  /** Adds {@code marker} as the first JVM argument of a {@link Fixtures#server} entry. */
  static ObjectNode tag(ObjectNode entry, String marker) {
    ((ArrayNode) entry.get("args")).insert(0, marker);
    return entry;
  }

  static ObjectNode servers(ObjectNode fixture) {
    ObjectNode servers = Json.object();
    servers.set("fixture", fixture);
    return servers;
  }

  /** PIDs of running (not zombie) processes anywhere on the machine whose command line has {@code marker}. */
  static List<Long> running(String marker) {
    return ChildProcesses.anywhere(marker).stream().map(ProcessHandle::pid).filter(Children::isRunning).toList();
  }

  /** Asserts that no process with {@code marker} is left, waiting up to 20 s for children being stopped. */
  static void assertNoneLeft(String marker) {
    try {
      await("children with " + marker + " gone").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
          .until(() -> running(marker).isEmpty());
    } finally {
      // whatever the outcome, leave nothing behind for the next test
      ChildProcesses.anywhere(marker).forEach(ProcessHandle::destroyForcibly);
    }
    assertThat(running(marker)).as("fixture children still running").isEmpty();
  }

  /** Kills what is left with {@code marker}, for tests that fail before their own cleanup. */
  static void killAll(String marker) {
    ChildProcesses.anywhere(marker).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Whether a process is alive and not a zombie. The sandbox's PID 1 does not reap orphans, and Java reports an
   * unreaped zombie as alive, so /proc is consulted on Linux.
   */
  static boolean isRunning(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return !Files.isDirectory(Path.of("/proc/self"));
    }
  }

  static Optional<Instant> started(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
  }
}
