package dev.switchboard.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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

  private final RedisClient client;
  private final URI uri;
  private volatile JedisPubSub subscriber = new JedisPubSub() {};

  RedisLink(URI uri) {
    this.uri = uri;
    this.client = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())
        .clientConfig(config(uri)).build();
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

  /** Renews this node's entry (its URL) and its sessions per principal; both live {@code ttl}. */
  void heartbeat(String node, URI url, Map<String, Integer> sessions, Duration ttl) {
    long seconds = Math.max(1, ttl.toSeconds());
    client.set(PREFIX + "node:" + node, url.toString(), SetParams.setParams().ex(seconds));
    String key = PREFIX + "sessions:" + node;
    client.del(key);
    if (!sessions.isEmpty()) {
      Map<String, String> fields = new HashMap<>();
      sessions.forEach((principal, n) -> fields.put(principal, Integer.toString(n)));
      client.hset(key, fields);
      client.expire(key, seconds);
    }
  }

  /** Removes this node's entry at once (a clean shutdown), instead of letting it expire. */
  void leave(String node) {
    client.del(PREFIX + "node:" + node, PREFIX + "sessions:" + node);
  }

  /** Every live node's URL by id. */
  Map<String, URI> nodes() {
    Map<String, URI> out = new HashMap<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams match = new ScanParams().match(PREFIX + "node:*").count(100);
    do {
      ScanResult<String> page = client.scan(cursor, match);
      List<String> keys = page.getResult();
      if (!keys.isEmpty()) {
        List<String> urls = client.mget(keys.toArray(String[]::new));
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

  /** Sessions per principal held by {@code node}, as it last published them. */
  Map<String, Integer> sessionsOf(String node) {
    Map<String, Integer> out = new HashMap<>();
    client.hgetAll(PREFIX + "sessions:" + node).forEach((k, v) -> out.put(k, Integer.parseInt(v)));
    return out;
  }

  /** 0 when {@code key} may make one more request now, else whole seconds until it may. */
  long take(String key, double perSecond, int burst) {
    Object wait = client.eval(TAKE, List.of(PREFIX + "rate:" + key), List.of(Double.toString(perSecond),
        Integer.toString(burst)));
    return wait instanceof Long l ? l : 0;
  }

  /** The key names revoked cluster-wide. */
  java.util.Set<String> revoked() {
    return client.smembers(PREFIX + "revoked");
  }

  void revoke(String key) {
    client.sadd(PREFIX + "revoked", key);
    publish("revoke " + key);
  }

  void publish(String event) {
    client.publish(CHANNEL, event);
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
