package dev.switchboard.transport.http;

import dev.switchboard.cluster.ClusterNode;
import dev.switchboard.protocol.Json;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * API keys refused by name ({@code switchboard revoke}, {@code revoke --undo}): with {@code cluster.redis} through
 * Redis, so every node refuses (and lets in again) at once; without it on this node alone, in memory, until it
 * restarts (removing the key from {@code gateway.auth.keys} is what makes that permanent). Thread safe.
 */
final class Revocations {
  private final @Nullable ClusterNode cluster;
  private final Set<String> local = ConcurrentHashMap.newKeySet();

  Revocations(@Nullable ClusterNode cluster) {
    this.cluster = cluster;
  }

  private boolean shared() {
    return cluster != null && cluster.shared();
  }

  /** Whether requests with the key named {@code name} are refused. */
  boolean isRevoked(String name) {
    return (cluster != null && cluster.isRevoked(name)) || local.contains(name);
  }

  /** {@code POST /admin/revoke?key=NAME}: the answer says where the key is refused now, or why it is not. */
  ObjectNode revoke(String key) {
    ObjectNode out = Json.object().put("key", key);
    if (cluster != null && shared()) {
      return cluster.revoke(key) ? out.put("ok", true).put("scope", "cluster")
          : out.put("ok", false).put("error", "Redis is unreachable: nothing was revoked");
    }
    local.add(key);
    return out.put("ok", true).put("scope", "node").put("note", "revoked on this node only (no cluster.redis) "
        + "until it restarts: remove the key from gateway.auth.keys and run switchboard reload to make it permanent");
  }

  /** {@code POST /admin/unrevoke?key=NAME}: the key is let in again where it was revoked. */
  ObjectNode unrevoke(String key) {
    ObjectNode out = Json.object().put("key", key);
    Optional<Boolean> lifted = cluster != null && shared() ? cluster.unrevoke(key) : Optional.of(local.remove(key));
    if (lifted.isEmpty()) {
      return out.put("ok", false).put("error", "Redis is unreachable: the key is still revoked");
    }
    if (!lifted.get()) {
      return out.put("ok", false).put("error", "'" + key + "' is not revoked" + (shared() ? "" : " on this node"));
    }
    return out.put("ok", true).put("scope", shared() ? "cluster" : "node");
  }
}
