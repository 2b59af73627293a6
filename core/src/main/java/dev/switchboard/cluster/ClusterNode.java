package dev.switchboard.cluster;

import dev.switchboard.config.ClusterSettings;
import dev.switchboard.gateway.SessionRegistry;
import dev.switchboard.gateway.SessionSlots;
import java.time.Duration;
import java.util.List;
import java.net.URI;
import java.util.Optional;
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
public final class ClusterNode implements AutoCloseable, SessionSlots {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterSettings settings;
  private final SessionRegistry sessions;
  private final @Nullable RedisLink redis;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The shortest time a session slot counts without a renewal (see {@link #slotLifetime}). */
  private static final Duration SLOT_FLOOR = Duration.ofSeconds(10);
  /** Whether the last Redis round trip succeeded; false sends every limit to the local one until a heartbeat works. */
  private final AtomicBoolean redisUp = new AtomicBoolean(true);
  /** What the last heartbeat read from Redis (nodes, revoked keys), with the broadcasts applied since. */
  private final RegistryView registry = new RegistryView();
  private @Nullable Thread heartbeat;
  private @Nullable Thread listener;
  private volatile Runnable onReload = () -> {};

  public ClusterNode(ClusterSettings settings, SessionRegistry sessions) {
    this.settings = settings;
    this.sessions = sessions;
    this.redis = settings.redis() == null ? null : new RedisLink(settings.redis());
    if (redis != null) {
      sessions.shareSlots(this);
    }
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
    return fixed != null ? Optional.of(fixed) : Optional.ofNullable(registry.current().nodes().get(node));
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

  /**
   * Takes one of {@code principal}'s {@code perKey} session slots in Redis, counting every node (one round trip);
   * true without a shared count (Redis down), when the node's own cap alone applies.
   */
  @Override
  public boolean take(String principal, String sessionId, int perKey) {
    RedisLink link = redis;
    if (link == null || !redisUp.get()) {
      return true;
    }
    try {
      return link.takeSlot(principal, slot(sessionId), perKey, slotLifetime());
    } catch (RuntimeException e) {
      down(e);
      return true;
    }
  }

  /**
   * Gives a slot back on a thread of its own (the caller may hold the registry's lock); one that cannot be given
   * back stops counting when its time runs out, since no heartbeat renews it.
   */
  @Override
  public void give(String principal, String sessionId) {
    RedisLink link = redis;
    if (link == null || !redisUp.get() || closed.get()) {
      return;
    }
    Thread.ofVirtual().name("cluster-give-slot").start(() -> {
      try {
        link.giveSlots(principal, slot(sessionId));
      } catch (RuntimeException e) {
        LOG.debug("could not give back a session slot of '{}' (it expires on its own): {}", principal, e.toString());
      }
    });
  }

  /**
   * What stands for a session in Redis: its node and a digest of its id, since whoever reads Redis should not learn
   * the ids themselves.
   */
  static String slot(String sessionId) {
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    return ownerOf(sessionId).orElse("") + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest, 18));
  }

  /** How long a node's registry entry and its session slots live without a heartbeat: three heartbeats. */
  private Duration expiry() {
    return settings.heartbeat().multipliedBy(3);
  }

  /**
   * How long a session slot counts without a renewal: three heartbeats, and never under {@link #SLOT_FLOOR}. A live
   * session whose slot lapsed would let the key past its cap, so a node slowed down (a long pause, a starved
   * heartbeat thread) must not lose its slots; a dead node's slots then come back a few seconds later instead.
   */
  private Duration slotLifetime() {
    Duration three = expiry();
    return three.compareTo(SLOT_FLOOR) < 0 ? SLOT_FLOOR : three;
  }

  /** Whether {@code key} was revoked cluster-wide (as of the last heartbeat or broadcast). */
  public boolean isRevoked(String key) {
    return registry.current().revoked().contains(key);
  }

  /** Whether revocations go through Redis (and so reach every node). */
  public boolean shared() {
    return redis != null;
  }

  /** Revokes {@code key} on every node (until {@link #unrevoke}); false without a reachable Redis. */
  public boolean revoke(String key) {
    RedisLink link = redis;
    if (link == null) {
      return false;
    }
    try {
      link.revoke(key);
      registry.apply(key, true);
      return true;
    } catch (RuntimeException e) {
      down(e);
      return false;
    }
  }

  /**
   * Lifts the revocation of {@code key} on every node: whether it was revoked, or empty without a reachable Redis.
   */
  public Optional<Boolean> unrevoke(String key) {
    RedisLink link = redis;
    if (link == null) {
      return Optional.empty();
    }
    try {
      boolean was = link.unrevoke(key);
      registry.apply(key, false);
      return Optional.of(was);
    } catch (RuntimeException e) {
      down(e);
      return Optional.empty();
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

  /**
   * Publishes this node and renews its sessions' slots, then reads the others: one failure marks Redis down, one
   * success marks it up again.
   */
  private void beat(RedisLink link, URI url) {
    try {
      link.heartbeat(id(), url, expiry());
      renewSlots(link);
      long since = registry.beginRead(); // before the read: a broadcast applied after it is newer than the read
      registry.install(since, link.nodes(), link.revoked());
      if (redisUp.compareAndSet(false, true)) {
        LOG.warn("Redis at {} answers again: cluster-wide limits are back", link.where());
      }
    } catch (RuntimeException e) {
      down(e);
    }
  }

  /**
   * Keeps this node's sessions counting cluster-wide (and counts again any lost while Redis was away); a session that
   * ended meanwhile is given back again, so a renewal never outlives the session it renewed.
   */
  private void renewSlots(RedisLink link) {
    sessions.idsByPrincipal().forEach((principal, ids) -> {
      link.renewSlots(principal, ids.stream().map(ClusterNode::slot).toList(), slotLifetime());
      List<String> ended = ids.stream().filter(id -> sessions.find(id).isEmpty()).map(ClusterNode::slot).toList();
      if (!ended.isEmpty()) {
        link.giveSlots(principal, ended.toArray(String[]::new));
      }
    });
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
      registry.apply(message.substring("revoke ".length()), true);
      LOG.info("API key '{}' revoked cluster-wide", message.substring("revoke ".length()));
    } else if (message.startsWith("unrevoke ")) {
      registry.apply(message.substring("unrevoke ".length()), false);
      LOG.info("API key '{}' no longer revoked cluster-wide", message.substring("unrevoke ".length()));
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
        sessions.idsByPrincipal().forEach((principal, ids) -> link.giveSlots(principal,
            ids.stream().map(ClusterNode::slot).toArray(String[]::new)));
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
