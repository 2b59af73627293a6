package dev.switchboard.cluster;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry as this node last saw it (live nodes, revoked keys), replaced whole by a heartbeat's read and changed
 * key by key by a revocation broadcast. A read that began before a broadcast was applied is older than it, so it may
 * not undo it: every broadcast bumps a generation, and such a read keeps the revoked keys as they are (the next
 * heartbeat reads them afresh). Thread safe, lock free: request threads read, the heartbeat and the listener write.
 */
final class RegistryView {
  /** One immutable view; {@code generation} counts the broadcasts applied so far. */
  record Snapshot(Map<String, URI> nodes, Set<String> revoked, long generation) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Set.of(), 0);

    Snapshot withRevoked(String key, boolean revoke) {
      Set<String> keys = new HashSet<>(revoked);
      if (revoke) {
        keys.add(key);
      } else {
        keys.remove(key);
      }
      return new Snapshot(nodes, Set.copyOf(keys), generation + 1);
    }

    /** A heartbeat's read begun at {@code since}: its revoked keys only if no broadcast was applied meanwhile. */
    Snapshot read(long since, Map<String, URI> readNodes, Set<String> readRevoked) {
      return new Snapshot(Map.copyOf(readNodes), since == generation ? Set.copyOf(readRevoked) : revoked,
          generation);
    }
  }

  private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);

  Snapshot current() {
    return current.get();
  }

  /** Call before reading Redis; hand the answer to {@link #install} with it. */
  long beginRead() {
    return current.get().generation();
  }

  /** Installs what a read begun at {@code since} found. */
  void install(long since, Map<String, URI> nodes, Set<String> revoked) {
    current.updateAndGet(now -> now.read(since, nodes, revoked));
  }

  /** Applies one revocation broadcast (or this node's own revoke or undo). */
  void apply(String key, boolean revoked) {
    current.updateAndGet(now -> now.withRevoked(key, revoked));
  }
}
