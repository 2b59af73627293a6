package dev.switchboard.cluster;

import dev.switchboard.config.ClusterSettings;
import dev.switchboard.gateway.SessionRegistry;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of its cluster: its id, where the other nodes are ({@code cluster.nodes}, then the Redis
 * registry), and the limits Redis shares. Every answer on a request's path comes from memory or one short Redis
 * round trip; while Redis is unreachable the node keeps to its own limits and never waits for it. Thread safe;
 * {@link #start} once the listener is bound, {@link #close} at shutdown.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterSettings settings;
  private final SessionRegistry sessions;
  private final @Nullable RedisLink redis;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Whether the last Redis round trip succeeded; false sends every limit to the local one until a heartbeat works. */
  private final AtomicBoolean redisUp = new AtomicBoolean(true);
  private volatile Registry registry = Registry.EMPTY;
  private @Nullable Thread heartbeat;
  private @Nullable Thread listener;
  private volatile Runnable onReload = () -> {};

  /** What the last heartbeat read from Redis: the live nodes, other nodes' sessions per principal, revoked keys. */
  record Registry(Map<String, URI> nodes, Map<String, Integer> sessionsElsewhere, Set<String> revoked) {
    static final Registry EMPTY = new Registry(Map.of(), Map.of(), Set.of());
  }

  public ClusterNode(ClusterSettings settings, SessionRegistry sessions) {
    this.settings = settings;
    this.sessions = sessions;
    this.redis = settings.redis() == null ? null : new RedisLink(settings.redis());
    sessions.countElsewhere(principal -> registry.sessionsElsewhere().getOrDefault(principal, 0));
  }

  /** The node a session id names ({@code "n2"} of {@code "n2.xyz"}), if it names one. */
  public static Optional<String> ownerOf(String sessionId) {
    int dot = sessionId.indexOf('.');
    return dot > 0 ? Optional.of(sessionId.substring(0, dot)) : Optional.empty();
  }

  public String id() {
    return settings.node();
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** Whether a session id names another node (which then owns it). */
  public boolean ownedElsewhere(String sessionId) {
    return settings.enabled() && ownerOf(sessionId).filter(n -> !n.equals(settings.node())).isPresent();
  }

  /** Where {@code node} listens: {@code cluster.nodes} first, then the registry; empty when it is not known (dead). */
  public Optional<URI> peer(String node) {
    URI fixed = settings.nodes().get(node);
    return fixed != null ? Optional.of(fixed) : Optional.ofNullable(registry.nodes().get(node));
  }

  /** Runs when another node broadcasts a reload (the daemon re-reads its own config file). */
  public void onReload(Runnable action) {
    this.onReload = action;
  }

  /**
   * The cluster-wide rate limit for {@code key}: 0 when admitted, else seconds to wait. Null when Redis is not
   * configured or not answering: the caller applies its own limiter then.
   */
  public @Nullable Long acquire(String key, double perSecond, int burst) {
    RedisLink link = redis;
    if (link == null || perSecond <= 0 || !redisUp.get()) {
      return null;
    }
    try {
      return link.take(key, perSecond, burst);
    } catch (RuntimeException e) {
      down(e);
      return null;
    }
  }

  /** How many sessions {@code principal} holds on the other nodes, as of the last heartbeat (0 without Redis). */
  public int sessionsElsewhere(String principal) {
    return registry.sessionsElsewhere().getOrDefault(principal, 0);
  }

  /** Whether {@code key} was revoked cluster-wide (as of the last heartbeat or broadcast). */
  public boolean isRevoked(String key) {
    return registry.revoked().contains(key);
  }

  /** Revokes {@code key} on every node (until it is removed from Redis); false without a reachable Redis. */
  public boolean revoke(String key) {
    RedisLink link = redis;
    if (link == null) {
      return false;
    }
    try {
      link.revoke(key);
      return true;
    } catch (RuntimeException e) {
      down(e);
      return false;
    }
  }

  /** Tells the other nodes to reload their configuration; nothing without Redis. */
  public void broadcastReload() {
    RedisLink link = redis;
    if (link != null && redisUp.get()) {
      try {
        link.publish("reload " + id());
      } catch (RuntimeException e) {
        down(e);
      }
    }
  }

  /**
   * Starts the heartbeat and the broadcast listener when Redis is configured; {@code self} is where the other nodes
   * reach this one (its advertised URL, else the bound listener's).
   */
  public void start(URI self) {
    RedisLink link = redis;
    if (link == null) {
      LOG.info("cluster node '{}': no cluster.redis, so limits and session caps are this node's own", id());
      return;
    }
    URI url = settings.advertise() == null ? reachable(self) : settings.advertise();
    LOG.info("cluster node '{}' at {}, registry in Redis at {}", id(), url, link.where());
    beat(link, url);
    heartbeat = Thread.ofPlatform().daemon().name("cluster-heartbeat").start(() -> heartbeats(link, url));
    listener = Thread.ofPlatform().daemon().name("cluster-listener").start(() -> listen(link));
  }

  /** The listener's URL, with a wildcard address ({@code 0.0.0.0}) replaced by the one the host name resolves to. */
  static URI reachable(URI self) {
    String host = self.getHost();
    if (host == null || !(host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::"))) {
      return self;
    }
    try {
      String address = java.net.InetAddress.getLocalHost().getHostAddress();
      String shown = address.contains(":") ? "[" + address + "]" : address;
      return URI.create(self.getScheme() + "://" + shown + ":" + self.getPort());
    } catch (java.net.UnknownHostException e) {
      LOG.warn("cannot tell the other nodes where this one is ({}): set cluster.advertise", e.toString());
      return self;
    }
  }

  private void heartbeats(RedisLink link, URI url) {
    while (!closed.get()) {
      try {
        Thread.sleep(settings.heartbeat());
      } catch (InterruptedException e) {
        return;
      }
      beat(link, url);
    }
  }

  /** Publishes this node, then reads the others: one failure marks Redis down, one success marks it up again. */
  private void beat(RedisLink link, URI url) {
    try {
      link.heartbeat(id(), url, sessions.countsByPrincipal(), settings.heartbeat().multipliedBy(3));
      Map<String, URI> nodes = link.nodes();
      Map<String, Integer> elsewhere = new java.util.HashMap<>();
      nodes.keySet().stream().filter(n -> !n.equals(id()))
          .forEach(n -> link.sessionsOf(n).forEach((k, v) -> elsewhere.merge(k, v, Integer::sum)));
      registry = new Registry(Map.copyOf(nodes), Map.copyOf(elsewhere), Set.copyOf(link.revoked()));
      if (redisUp.compareAndSet(false, true)) {
        LOG.warn("Redis at {} answers again: cluster-wide limits are back", link.where());
      }
    } catch (RuntimeException e) {
      down(e);
    }
  }

  private void down(RuntimeException e) {
    if (redisUp.compareAndSet(true, false) && !closed.get()) {
      LOG.warn("Redis ({}) is not answering: this node enforces its own limits until it does: {}",
          redis == null ? "-" : redis.where(), e.toString());
    }
  }

  /** Subscribes again after a failure (one heartbeat later), until closed. */
  private void listen(RedisLink link) {
    while (!closed.get()) {
      try {
        link.listen(this::event);
      } catch (RuntimeException e) {
        if (closed.get()) {
          return;
        }
        LOG.debug("cluster broadcast listener lost Redis: {}", e.toString());
        try {
          Thread.sleep(settings.heartbeat());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void event(String message) {
    if (message.startsWith("revoke ")) {
      Registry now = registry;
      Set<String> revoked = new java.util.HashSet<>(now.revoked());
      revoked.add(message.substring("revoke ".length()));
      registry = new Registry(now.nodes(), now.sessionsElsewhere(), Set.copyOf(revoked));
      LOG.info("API key '{}' revoked cluster-wide", message.substring("revoke ".length()));
    } else if (message.startsWith("reload ") && !message.equals("reload " + id())) {
      LOG.info("node '{}' asked every node to reload its configuration", message.substring("reload ".length()));
      onReload.run();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RedisLink link = redis;
    if (link == null) {
      return;
    }
    if (heartbeat != null) {
      heartbeat.interrupt();
    }
    try {
      if (redisUp.get()) {
        link.leave(id());
      }
    } catch (RuntimeException e) {
      LOG.debug("could not remove this node from the registry: {}", e.toString());
    } finally {
      link.close(); // unsubscribes: the listener's blocking read returns
    }
    Thread reader = listener;
    if (reader != null) {
      try {
        reader.join(java.time.Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
