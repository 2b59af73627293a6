package dev.switchboard.gateway;

import dev.switchboard.gateway.group.ListKind;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What members of one group session send unasked, on its way to the client, and the client's answers on their way
 * back. Server→client requests get ids of the group ({@code sb-MEMBER-N}), so two members' {@code sb-N} never meet;
 * a member's withdrawal of such a request and {@code resources/updated} are renamed to what the client knows;
 * {@code list_changed} becomes one notification. Runs on member link owner threads: it never blocks. Thread safe.
 */
final class GroupRelay {
  private static final Logger LOG = LoggerFactory.getLogger(GroupRelay.class);

  private final GroupSession gs;
  private final Map<String, ServerCall> calls = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong();

  /** A member's request to the client, by the id the client saw. */
  private record ServerCall(MemberSlot slot, RequestId original) {}

  GroupRelay(GroupSession gs) {
    this.gs = gs;
  }

  boolean relayed(MemberSlot slot, Message message) {
    return switch (message) {
      case Message.Request r -> request(slot, r);
      case Message.Notification n when n.method().endsWith("/list_changed") -> {
        ListKind.changedBy(n.method()).forEach(slot::invalidate);
        gs.changed(n.method());
        yield true;
      }
      case Message.Notification n when n.method().equals("notifications/resources/updated") ->
          gs.session().deliver(renamedUpdate(slot, n));
      case Message.Notification n when n.method().equals("notifications/cancelled") ->
          gs.session().deliver(renamedCancel(slot, n));
      default -> gs.session().deliver(message);
    };
  }

  /** The client's answer to a member's request goes back to that member under the member's own id. */
  void answered(RequestId id, Message answer) {
    ServerCall call = calls.remove(id.value().asString(""));
    if (call == null) {
      LOG.debug("session {}: an answer to no request of a member ({})", gs.session().logId(), id);
      return;
    }
    Message restored = switch (answer) {
      case Message.Response r -> r.withId(call.original());
      case Message.ErrorResponse e -> e.withId(call.original());
      default -> answer;
    };
    call.slot().current().ifPresent(s -> s.accept(restored));
  }

  /** The member's session ended: its requests to the client can no longer be answered. */
  void forget(MemberSlot slot) {
    calls.values().removeIf(c -> c.slot() == slot);
  }

  private boolean request(MemberSlot slot, Message.Request r) {
    String id = "sb-" + slot.name() + "-" + next.incrementAndGet();
    calls.put(id, new ServerCall(slot, r.id()));
    boolean delivered = gs.session().deliver(r.withId(RequestId.of(id)));
    if (!delivered) {
      calls.remove(id);
    }
    return delivered;
  }

  private Message renamedCancel(MemberSlot slot, Message.Notification n) {
    JsonNode requestId = n.node().path("params").path("requestId");
    Optional<String> id = calls.entrySet().stream().filter(e -> e.getValue().slot() == slot
        && e.getValue().original().value().equals(requestId)).map(Map.Entry::getKey).findFirst();
    if (id.isEmpty() || calls.remove(id.get()) == null) {
      return n;
    }
    return renamed(n, "requestId", id.get());
  }

  private Message renamedUpdate(MemberSlot slot, Message.Notification n) {
    String uri = n.node().path("params").path("uri").asString("");
    String exposed = gs.cachedResources().flatMap(c -> c.exposedFor(slot.name(), uri)).orElse(uri);
    return exposed.equals(uri) ? n : renamed(n, "uri", exposed);
  }

  private static Message renamed(Message.Notification n, String field, String value) {
    ObjectNode params = ((ObjectNode) n.node().path("params")).deepCopy().put(field, value);
    return Message.notification(n.method(), params);
  }
}
