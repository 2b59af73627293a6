package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.config.Sharing;
import dev.switchboard.config.UpstreamLimits;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under {@code session} sharing one key's crashing children must not put the server in a crash loop for other keys,
 * and nothing another key sees (its crash-loop error, the status) may quote a child's stderr that served someone
 * else. Children here are shell one-liners that write a "secret" to stderr and exit.
 */
@Timeout(60)
class StdioBackendPrincipalsTest {
  private static final String CRASH = "echo 'secret of alice' >&2; exit 3";

  private static ServerSpec spec(String script, Sharing sharing, int maxFailures) {
    UpstreamPolicy d = UpstreamPolicy.DEFAULTS;
    UpstreamPolicy policy = new UpstreamPolicy(sharing, 0, 64, false, d.requestTimeout(), d.methodTimeouts(),
        d.maxTimeout(), d.pingInterval(), d.pingTimeout(), maxFailures, Duration.ofMinutes(5), Duration.ofMillis(10),
        Duration.ofMillis(20));
    return new ServerSpec("crashy", "sh", List.of("-c", script), Map.of(), null, null, policy, Json.object());
  }

  private static StdioBackend backend(ServerSpec spec) {
    return new StdioBackend(spec, 1 << 20, null, new ChildLimits(UpstreamLimits.DEFAULTS), null);
  }

  /** A listener that remembers how its child ended. */
  private static final class Ending implements Upstream.Listener {
    final CompletableFuture<UpstreamExit> exit = new CompletableFuture<>();

    @Override
    public void onMessage(Message message) {}

    @Override
    public void onClosed(UpstreamExit e) {
      exit.complete(e);
    }

    UpstreamExit await() throws Exception {
      return exit.get(20, TimeUnit.SECONDS);
    }
  }

  private static void crash(StdioBackend backend, String principal) throws Exception {
    Ending ending = new Ending();
    if (principal == null) {
      backend.connect(ending);
    } else {
      backend.connect(ending, principal);
    }
    assertThat(ending.await().stderrTail()).contains("secret of alice");
  }

  @Test
  void oneKeysCrashesPutOnlyThatKeyInACrashLoopAndOnlyItHearsTheStderr() throws Exception {
    StdioBackend backend = backend(spec(CRASH, Sharing.SESSION, 3));
    for (int i = 0; i < 3; i++) {
      crash(backend, "alice");
    }
    assertThatThrownBy(() -> backend.connect(new Ending(), "alice")).isInstanceOf(UpstreamException.class)
        .hasMessageContaining("crash loop").hasMessageContaining("secret of alice");

    Ending bobs = new Ending();
    backend.connect(bobs, "bob"); // not refused: alice's crashes are hers
    bobs.await();

    BackendStatus status = backend.status();
    assertThat(status.state()).isEqualTo(BackendState.CRASH_LOOP);
    assertThat(status.lastError()).contains("exited unexpectedly").doesNotContain("secret of alice");
    assertThat(status.childSlots()).isEqualTo(new BackendStatus.ChildSlots(64, UpstreamLimits.DEFAULTS
        .maxChildren()));
  }

  @Test
  void crashesOfChildrenOfUnknownPrincipalsAreSharedButTheirStderrIsNot() throws Exception {
    StdioBackend backend = backend(spec(CRASH, Sharing.SESSION, 3));
    for (int i = 0; i < 3; i++) {
      crash(backend, null);
    }
    assertThatThrownBy(() -> backend.connect(new Ending(), "bob")).isInstanceOf(UpstreamException.class)
        .hasMessageContaining("crash loop").hasMessageContaining("exit code 3")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret of alice"));
    assertThat(backend.status().lastError()).doesNotContain("secret of alice");
  }

  @Test
  void aWarmChildDyingUnclaimedServedNobodySoItsStderrIsShown() throws Exception {
    StdioBackend backend = backend(spec("echo 'cannot start: missing module' >&2; exit 1", Sharing.SESSION, 2));
    for (int i = 0; i < 2; i++) {
      Ending ending = new Ending();
      backend.connectWarm(ending);
      ending.await();
    }
    assertThatThrownBy(() -> backend.connect(new Ending(), "bob")).isInstanceOf(UpstreamException.class)
        .hasMessageContaining("crash loop").hasMessageContaining("missing module");
    assertThat(backend.status().lastError()).contains("missing module");
  }

  @Test
  void aClaimedWarmChildsFailuresBelongToTheKeyThatClaimedIt() throws Exception {
    StdioBackend backend = backend(spec("echo 'warm secret' >&2; exec cat", Sharing.SESSION, 1));
    var closer = Executors.newVirtualThreadPerTaskExecutor();
    WarmPool pool = new WarmPool(backend, 1, closer).start();
    try {
      Ending alices = new Ending();
      Upstream child = pool.take(alices, "alice");
      long pid = ((StdioUpstream) ((ProbingChild) child).child()).pid(); // no "protocol": probed
      await("the child's stderr").atMost(Duration.ofSeconds(20))
          .until(() -> backend.log().tail(10).contains("warm secret"));
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).hasValue(true);
      assertThat(alices.await().expected()).isFalse();

      assertThatThrownBy(() -> backend.connect(new Ending(), "alice")).hasMessageContaining("crash loop")
          .hasMessageContaining("warm secret");
      Ending bobs = new Ending();
      Upstream bobsChild = pool.take(bobs, "bob");
      assertThat(bobsChild.isOpen()).isTrue();
      bobsChild.close();
      bobs.await();
    } finally {
      pool.close();
      closer.shutdown();
      closer.awaitTermination(20, TimeUnit.SECONDS);
    }
  }
}
