package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.config.Limits;
import dev.switchboard.config.SessionSettings;
import dev.switchboard.config.UpstreamPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the registry does for a node of a cluster: ids carry the node's prefix, and a key's sessions on the other
 * nodes count against {@code maxSessionsPerKey}.
 */
class ClusterSessionsTest {
  private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();
  private final FakeBackend backend = new FakeBackend(UpstreamPolicy.DEFAULTS, List.of());
  private final SessionDispatcher dispatcher = new SessionDispatcher(backend, closer);
  private final SessionRegistry registry = new SessionRegistry(SessionSettings.DEFAULTS, Limits.DEFAULTS,
      System::nanoTime, "n2.");

  @AfterEach
  void close() {
    registry.close();
    dispatcher.close();
    closer.shutdown();
  }

  @Test
  void idsStartWithTheNode() {
    assertThat(registry.create("fake", dispatcher, "alice", 10).id()).startsWith("n2.").hasSizeGreaterThan(40);
  }

  @Test
  void sessionsElsewhereCountAgainstTheKeysCap() {
    registry.countElsewhere(principal -> principal.equals("alice") ? 2 : 0);
    registry.create("fake", dispatcher, "alice", 3);
    GatewayException refused = catchThrowableOfType(GatewayException.class,
        () -> registry.create("fake", dispatcher, "alice", 3));
    assertThat(refused).isNotNull();
    assertThat(refused.refusal()).isEqualTo(Refusal.TOO_MANY_SESSIONS_FOR_KEY);
    registry.create("fake", dispatcher, "bob", 3);
    assertThat(registry.countsByPrincipal()).isEqualTo(Map.of("alice", 1, "bob", 1));
  }
}
