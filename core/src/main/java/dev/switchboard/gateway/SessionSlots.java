package dev.switchboard.gateway;

/**
 * A count of each principal's sessions shared by every node of a cluster, consulted when a session is created so
 * that {@code gateway.auth.maxSessionsPerKey} holds across nodes: a slot is taken before the session exists and given
 * back when it ends (or is never created). Implementations are thread safe; {@link #take} runs on the initializing
 * request's thread outside the registry's lock and must be bounded in time, {@link #give} must not wait at all.
 */
public interface SessionSlots {
  /** No shared count: each node's own cap is all there is. */
  SessionSlots LOCAL = new SessionSlots() {
    @Override
    public boolean take(String principal, String sessionId, int perKey) {
      return true;
    }

    @Override
    public void give(String principal, String sessionId) {}
  };

  /**
   * Takes a slot for {@code sessionId}: false when {@code principal} already holds {@code perKey} sessions counting
   * every node; true when it did not, and also when the shared count cannot be reached (the node's cap still applies).
   */
  boolean take(String principal, String sessionId, int perKey);

  /** Gives {@code sessionId}'s slot back (the session ended, or was refused after its slot was taken). */
  void give(String principal, String sessionId);
}
