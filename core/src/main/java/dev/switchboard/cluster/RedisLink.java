package dev.switchboard.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The commands a node sends to Redis, each a short round trip with a 1 s socket deadline (a Redis that does not
 * answer costs a request at most that, and then {@link ClusterNode} stops asking until a heartbeat succeeds). Thread
 * safe: the client pools its connections; {@link #listen} holds one of its own until {@link #close}.
 */
final class RedisLink implements AutoCloseable {
  static final String PREFIX = "switchboard:";
  static final String CHANNEL = PREFIX + "events";
  /** A token bucket per key in a hash; Redis's own clock, so nodes' clocks need not agree. */
  private static final String TAKE = """
      local rate = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = tonumber(b[1]) or burst
      local ts = tonumber(b[2]) or now
      tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
      local wait = 0
      if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
      redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 2)
      return wait
      """;

  /**
   * A session slot per principal: a sorted set of sessions (by digest) scored by when they stop counting (Redis's
   * clock). Slots past their time (a dead node's, which no heartbeat renews) are dropped first, then the set is
   * counted and the slot added, all in one step, so no two nodes can both take the last one.
   */
  private static final String TAKE_SLOT = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
      local ttl = tonumber(ARGV[3])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
      redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
      redis.call('EXPIRE', KEYS[1], math.ceil(ttl) + 1)
      return 1
      """;
  /** Renews the slots of one node's live sessions of one principal (adding any lost while Redis was away). */
  private static final String RENEW_SLOTS = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
      local ttl = tonumber(ARGV[1])
      for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + ttl, ARGV[i]) end
      redis.call('EXPIRE', KEYS[1], math.ceil(ttl) + 1)
      return #ARGV - 1
      """;

  /** Redis commands in progress at once, at most (see {@link #pool}). */
  private static final int CALLS = 16;
  /** The longest a command waits for its turn before it fails (and the node falls back to its own limits). */
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final java.util.concurrent.Semaphore calls = new java.util.concurrent.Semaphore(CALLS);
  private final RedisClient client;
  private final URI uri;
  private volatile JedisPubSub subscriber = new JedisPubSub() {};

  RedisLink(URI uri) {
    this.uri = uri;
    this.client = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())
        .clientConfig(config(uri)).poolConfig(pool()).build();
  }

  /**
   * The pool holds a connection for every call {@link #calls} lets through, plus the subscription's and a spare, so
   * a borrower never waits inside the pool: commons-pool's wait for a connection spins, and spinning virtual threads
   * (the request threads that take slots and rate tokens) took both carriers from the threads that held the
   * connections — the gateway livelocked under 30 concurrent initializes. A wait there now fails after 2 s instead.
   */
  private static ConnectionPoolConfig pool() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(CALLS + 2);
    pool.setMaxIdle(CALLS + 2);
    pool.setMaxWait(Duration.ofSeconds(2));
    return pool;
  }

  /** Runs one Redis command once a permit is free; the wait parks (a virtual thread gives its carrier up). */
  private <T> T call(java.util.function.Function<RedisClient, T> command) {
    try {
      if (!calls.tryAcquire(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Redis: " + CALLS + " calls have been in progress for " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to call Redis", e);
    }
    try {
      return command.apply(client);
    } finally {
      calls.release();
    }
  }

  private static DefaultJedisClientConfig config(URI uri) {
    var config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(1000)
        .clientName("switchboard").ssl("rediss".equals(uri.getScheme()));
    String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
    if (!path.isEmpty()) {
      config.database(Integer.parseInt(path));
    }
    String user = uri.getUserInfo();
    if (user != null) {
      int colon = user.indexOf(':');
      config.user(colon > 0 ? user.substring(0, colon) : null).password(colon >= 0 ? user.substring(colon + 1)
          : user);
    }
    return config.build();
  }

  /** Where it connects, without credentials (for logs). */
  String where() {
    return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
  }

  /** Renews this node's entry (its URL), which lives {@code ttl}. */
  void heartbeat(String node, URI url, Duration ttl) {
    call(c -> c.set(PREFIX + "node:" + node, url.toString(), SetParams.setParams().px(Math.max(1000,
        ttl.toMillis()))));
  }

  /** Removes this node's entry at once (a clean shutdown), instead of letting it expire. */
  void leave(String node) {
    call(c -> c.del(PREFIX + "node:" + node));
  }

  /** Takes a slot for {@code sessionId} unless {@code principal} holds {@code cap} counting every node. */
  boolean takeSlot(String principal, String sessionId, int cap, Duration ttl) {
    Object taken = call(c -> c.eval(TAKE_SLOT, List.of(slots(principal)), List.of(sessionId,
        Integer.toString(cap), seconds(ttl))));
    return taken instanceof Long l && l == 1;
  }

  /** Keeps {@code sessionIds}' slots counting for {@code ttl} more. */
  void renewSlots(String principal, List<String> sessionIds, Duration ttl) {
    List<String> args = new java.util.ArrayList<>(sessionIds.size() + 1);
    args.add(seconds(ttl));
    args.addAll(sessionIds);
    call(c -> c.eval(RENEW_SLOTS, List.of(slots(principal)), args));
  }

  void giveSlots(String principal, String... sessionIds) {
    call(c -> c.zrem(slots(principal), sessionIds));
  }

  private static String slots(String principal) {
    return PREFIX + "slots:" + principal;
  }

  private static String seconds(Duration ttl) {
    return Double.toString(ttl.toMillis() / 1000.0);
  }

  /** Every live node's URL by id. */
  Map<String, URI> nodes() {
    Map<String, URI> out = new HashMap<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams match = new ScanParams().match(PREFIX + "node:*").count(100);
    do {
      String from = cursor;
      ScanResult<String> page = call(c -> c.scan(from, match));
      List<String> keys = page.getResult();
      if (!keys.isEmpty()) {
        List<String> urls = call(c -> c.mget(keys.toArray(String[]::new)));
        for (int i = 0; i < keys.size(); i++) {
          if (urls.get(i) != null) {
            out.put(keys.get(i).substring((PREFIX + "node:").length()), URI.create(urls.get(i)));
          }
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return out;
  }

  /** 0 when {@code key} may make one more request now, else whole seconds until it may. */
  long take(String key, double perSecond, int burst) {
    Object wait = call(c -> c.eval(TAKE, List.of(PREFIX + "rate:" + key), List.of(Double.toString(perSecond),
        Integer.toString(burst))));
    return wait instanceof Long l ? l : 0;
  }

  /** The key names revoked cluster-wide. */
  java.util.Set<String> revoked() {
    return call(c -> c.smembers(PREFIX + "revoked"));
  }

  void revoke(String key) {
    call(c -> c.sadd(PREFIX + "revoked", key));
    publish("revoke " + key);
  }

  /** Lifts a revocation; false when {@code key} was not revoked (nothing is broadcast then). */
  boolean unrevoke(String key) {
    boolean was = call(c -> c.srem(PREFIX + "revoked", key)) > 0;
    if (was) {
      publish("unrevoke " + key);
    }
    return was;
  }

  void publish(String event) {
    call(c -> c.publish(CHANNEL, event));
  }

  /** Blocks, handing every broadcast to {@code events}, until {@link #close} or a connection failure (thrown). */
  void listen(Consumer<String> events) {
    JedisPubSub next = new JedisPubSub() {
      @Override
      public void onMessage(String channel, String message) {
        events.accept(message);
      }
    };
    subscriber = next;
    client.subscribe(next, CHANNEL);
  }

  @Override
  public void close() {
    try {
      if (subscriber.isSubscribed()) {
        subscriber.unsubscribe();
      }
    } catch (RuntimeException e) {
      // Redis is gone: the subscriber's read has failed (or will) on its own
    } finally {
      client.close();
    }
  }
}
