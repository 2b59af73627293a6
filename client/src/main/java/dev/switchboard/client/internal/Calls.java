package dev.switchboard.client.internal;

import dev.switchboard.protocol.RequestId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The requests in flight, by id. Ids are numbers from one counter per client; a call's progress token is its id, so
 * progress finds its call the same way. Thread safe.
 */
public final class Calls {
  private final AtomicLong next = new AtomicLong();
  private final Map<RequestId, Pending> byId = new ConcurrentHashMap<>();

  public RequestId nextId() {
    return RequestId.of(next.incrementAndGet());
  }

  public void add(Pending pending) {
    byId.put(pending.id(), pending);
  }

  public @Nullable Pending get(RequestId id) {
    return byId.get(id);
  }

  public @Nullable Pending remove(RequestId id) {
    return byId.remove(id);
  }

  /** The call a progress token belongs to, if it is still waiting. */
  public @Nullable Pending byToken(JsonNode token) {
    return RequestId.isValid(token) ? byId.get(new RequestId(token)) : null;
  }

  /** Removes and returns the calls sent on a connection (when it ends). */
  public List<Pending> drain(Connection connection) {
    List<Pending> gone = byId.values().stream().filter(p -> p.connection() == connection).toList();
    gone.forEach(p -> byId.remove(p.id()));
    return gone;
  }

  public List<Pending> drainAll() {
    List<Pending> gone = List.copyOf(byId.values());
    byId.clear();
    return gone;
  }
}
