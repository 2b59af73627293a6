package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.config.Limits;
import dev.switchboard.config.SessionSettings;
import dev.switchboard.config.UpstreamPolicy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the registry does for a node of a cluster: ids carry the node's prefix, and a key's sessions on the other
 * nodes count against {@code maxSessionsPerKey} the moment they are created (two registries sharing one count, as two
 * nodes share Redis).
 */
class ClusterSessionsTest {
  private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();
  private final FakeBackend backend = new FakeBackend(UpstreamPolicy.DEFAULTS, List.of());
  private final SessionDispatcher dispatcher = new SessionDispatcher(backend, closer);
  private final SessionRegistry registry = new SessionRegistry(SessionSettings.DEFAULTS, Limits.DEFAULTS,
      System::nanoTime, "n2.");
  /** Another node's registry. */
  private final SessionRegistry other = new SessionRegistry(SessionSettings.DEFAULTS, Limits.DEFAULTS,
      System::nanoTime, "n3.");

  @AfterEach
  void close() {
    registry.close();
    other.close();
    dispatcher.close();
    closer.shutdown();
  }

  @Test
  void idsStartWithTheNode() {
    assertThat(registry.create("fake", dispatcher, "alice", 10).id()).startsWith("n2.").hasSizeGreaterThan(40);
  }

  @Test
  void sessionsOnAnotherNodeCountAgainstTheKeysCapAtOnce() {
    SharedSlots shared = new SharedSlots();
    registry.shareSlots(shared);
    other.shareSlots(shared);
    registry.create("fake", dispatcher, "alice", 3);
    registry.create("fake", dispatcher, "alice", 3);
    other.create("fake", dispatcher, "alice", 3);

    assertThat(refusal(() -> other.create("fake", dispatcher, "alice", 3)))
        .isEqualTo(Refusal.TOO_MANY_SESSIONS_FOR_KEY);
    assertThat(refusal(() -> registry.create("fake", dispatcher, "alice", 3)))
        .isEqualTo(Refusal.TOO_MANY_SESSIONS_FOR_KEY);
    other.create("fake", dispatcher, "bob", 3);
    assertThat(shared.held("alice")).hasSize(3);
  }

  @Test
  void anEndedSessionGivesItsSlotBackToEveryNode() {
    SharedSlots shared = new SharedSlots();
    registry.shareSlots(shared);
    other.shareSlots(shared);
    Session first = registry.create("fake", dispatcher, "alice", 1);
    assertThat(refusal(() -> other.create("fake", dispatcher, "alice", 1)))
        .isEqualTo(Refusal.TOO_MANY_SESSIONS_FOR_KEY);

    first.close("done");

    assertThat(other.create("fake", dispatcher, "alice", 1).id()).startsWith("n3.");
    assertThat(shared.held("alice")).hasSize(1);
  }

  @Test
  void aSessionRefusedAfterItsSlotWasTakenGivesItBack() {
    SharedSlots shared = new SharedSlots();
    registry.shareSlots(shared);
    registry.close();

    assertThat(refusal(() -> registry.create("fake", dispatcher, "alice", 3))).isEqualTo(Refusal.SHUTTING_DOWN);
    assertThat(shared.held("alice")).isEmpty();
    assertThat(shared.taken).hasValue(1);
  }

  @Test
  void theIdsOfEachPrincipalAreWhatTheClusterKeepsAlive() {
    Session a = registry.create("fake", dispatcher, "alice", 3);
    Session b = registry.create("fake", dispatcher, "bob", 3);
    assertThat(registry.idsByPrincipal()).isEqualTo(Map.of("alice", List.of(a.id()), "bob", List.of(b.id())));
  }

  private static Refusal refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable create) {
    GatewayException refused = catchThrowableOfType(GatewayException.class, create);
    assertThat(refused).isNotNull();
    return refused.refusal();
  }

  /** Stands in for Redis: one set of session ids per principal, counted and added under one lock. */
  private static final class SharedSlots implements SessionSlots {
    private final Map<String, Set<String>> slots = new HashMap<>();
    final AtomicInteger taken = new AtomicInteger();

    @Override
    public synchronized boolean take(String principal, String sessionId, int perKey) {
      taken.incrementAndGet();
      Set<String> held = slots.computeIfAbsent(principal, k -> new HashSet<>());
      return held.size() < perKey && held.add(sessionId);
    }

    @Override
    public synchronized void give(String principal, String sessionId) {
      slots.getOrDefault(principal, new HashSet<>()).remove(sessionId);
    }

    synchronized Set<String> held(String principal) {
      return Set.copyOf(slots.getOrDefault(principal, Set.of()));
    }
  }
}
