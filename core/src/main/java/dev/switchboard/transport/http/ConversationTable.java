package dev.switchboard.transport.http;

import dev.switchboard.security.Principal;
import dev.switchboard.transport.Conversation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of the HTTP wires whose client names its session in a later request (legacy HTTP+SSE's
 * {@code ?sessionId=}, the seed's {@code X-Session-ID}), by id. A session id is not a credential: a lookup finds
 * nothing for another server or another key. Ended sessions are dropped on lookup and swept as the table grows.
 * Thread safe.
 */
final class ConversationTable {
  private static final int SWEEP_EVERY = 64;

  private final Map<String, Conversation> byId = new ConcurrentHashMap<>();

  void put(Conversation conversation) {
    byId.put(conversation.session().id(), conversation);
    if (byId.size() % SWEEP_EVERY == 0) {
      byId.values().removeIf(Conversation::isClosed);
    }
  }

  Optional<Conversation> find(String id, String server, Principal principal) {
    Conversation c = byId.get(id.strip());
    if (c != null && c.isClosed()) {
      byId.remove(id.strip(), c);
      return Optional.empty();
    }
    return Optional.ofNullable(c).filter(x -> x.session().server().equals(server)
        && x.session().principal().equals(principal.name()));
  }

  void remove(Conversation conversation) {
    byId.remove(conversation.session().id(), conversation);
  }
}
