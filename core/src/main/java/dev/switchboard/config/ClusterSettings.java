package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code cluster} section: this node's id (the prefix of every session id it mints), the other nodes it can
 * forward to, and the optional Redis that shares limits and the node registry. {@link #SINGLE} (no section) is one
 * node alone: session ids carry no prefix and nothing is forwarded.
 *
 * @param node this node's id: lower-case letters, digits and '-' (the session id prefix is {@code node + "."})
 * @param nodes the other nodes by id: base URLs such as {@code http://10.0.0.7:7182}
 * @param advertise the base URL other nodes reach this one at (published in Redis); null: derived from the listener
 * @param redis {@code redis://host:port[/db]}, or null for per-node limits only
 * @param heartbeat how often this node renews its registry entry (the entry lives three heartbeats)
 */
public record ClusterSettings(boolean enabled, String node, Map<String, URI> nodes, @Nullable URI advertise,
    @Nullable URI redis, Duration heartbeat) {
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
  public static final ClusterSettings SINGLE = new ClusterSettings(false, "", Map.of(), null, null,
      DEFAULT_HEARTBEAT);

  public ClusterSettings {
    nodes = Map.copyOf(nodes);
  }

  /** What this node's session ids start with: {@code "n2."}, or nothing outside a cluster. */
  public String sessionPrefix() {
    return enabled ? node + "." : "";
  }
}
