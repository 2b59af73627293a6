package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's read of the registry against revocation broadcasts, interleaved by hand: a read begun before a
 * broadcast was applied never undoes it, and a read begun after one installs what Redis holds.
 */
class RegistryViewTest {
  private static final Map<String, URI> NODES = Map.of("n2", URI.create("http://127.0.0.1:9002"));
  private final RegistryView view = new RegistryView();

  @Test
  void aReadBegunBeforeARevokeDoesNotUndoIt() {
    long read = view.beginRead(); // SMEMBERS answers before the revoke's SADD
    view.apply("k1", true); // the broadcast arrives
    view.install(read, NODES, Set.of());

    assertThat(view.current().revoked()).containsExactly("k1");
    assertThat(view.current().nodes()).isEqualTo(NODES);
  }

  @Test
  void aReadBegunBeforeAnUndoDoesNotRevokeAgain() {
    view.apply("k1", true);
    long read = view.beginRead(); // SMEMBERS answers before the undo's SREM
    view.apply("k1", false);
    view.install(read, NODES, Set.of("k1"));

    assertThat(view.current().revoked()).isEmpty();
  }

  @Test
  void aReadBegunAfterTheLastBroadcastInstallsWhatRedisHolds() {
    view.apply("k1", true);
    long read = view.beginRead();
    view.install(read, NODES, Set.of("k2")); // k1 lifted and k2 revoked while this node missed both broadcasts

    assertThat(view.current().revoked()).containsExactly("k2");
    long next = view.beginRead();
    view.install(next, Map.of(), Set.of("k2", "k3"));
    assertThat(view.current().revoked()).containsExactlyInAnyOrder("k2", "k3");
    assertThat(view.current().nodes()).isEmpty();
  }
}
