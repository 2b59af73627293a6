package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.ChildProcesses;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing the gateway stops every child it started, and everything those children started. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownIT {

  @Test
  void shutdownLeavesNoChildrenNorGrandchildren() throws Exception {
    Set<Long> fixturesBefore = oursOrOrphaned(Fixtures.CONFORMANCE);
    List<Long> children = new ArrayList<>();
    long grandchild;
    String url;
    TestGateway gateway = TestGateway.withFixture();
    try {
      url = gateway.mcpUrl("fixture");
      StreamableClient raw = new StreamableClient(url);
      List<StreamableSession> sessions = List.of(raw.open("2025-06-18"), raw.open("2025-03-26"),
          raw.open("2025-11-25"));
      for (StreamableSession s : sessions) {
        children.add(s.whoami());
      }
      Reply spawned = sessions.get(0).call(5, "spawn_grandchild", Json.object());
      grandchild = Long.parseLong(spawned.text());

      assertThat(new HashSet<>(children)).hasSize(3);
      assertThat(children).allMatch(ChildProcesses::running);
      assertThat(ChildProcesses.running(grandchild)).isTrue();
      assertThat(ChildProcesses.anywhere("sleep 600")).extracting(ProcessHandle::pid).contains(grandchild);
      Set<Long> fixturesDuring = runningPids(ChildProcesses.matching(Fixtures.CONFORMANCE));
      assertThat(fixturesDuring).containsAll(children);
    } finally {
      gateway.close();
    }

    // close() is the graceful shutdown and returns once children are stopped: no waiting here.
    assertThat(children).noneMatch(ChildProcesses::running);
    assertThat(ChildProcesses.running(grandchild)).as("grandchild sleep 600 (pid %d)", grandchild).isFalse();
    Set<Long> fixturesAfter = oursOrOrphaned(Fixtures.CONFORMANCE);
    fixturesAfter.removeAll(fixturesBefore);
    assertThat(fixturesAfter).as("fixture processes started by this gateway still running").isEmpty();
    assertThat(runningPids(ChildProcesses.anywhere("sleep 600"))).doesNotContain(grandchild);
    assertThat(catchThrowable(() -> new StreamableClient(url).get("/health")))
        .as("the listener is closed").isInstanceOf(ConnectException.class);
  }

  /**
   * Running processes mentioning {@code marker} that are this JVM's descendants or orphans (parent gone or init), so
   * fixtures of other test JVMs on the machine do not count.
   */
  private static Set<Long> oursOrOrphaned(String marker) {
    Set<Long> out = runningPids(ChildProcesses.matching(marker));
    out.addAll(runningPids(ChildProcesses.anywhere(marker).stream()
        .filter(p -> p.parent().map(parent -> parent.pid() == 1).orElse(true)).toList()));
    return out;
  }

  private static Set<Long> runningPids(List<ProcessHandle> handles) {
    Set<Long> out = new HashSet<>();
    handles.stream().map(ProcessHandle::pid).filter(ChildProcesses::running).forEach(out::add);
    return out;
  }
}
