package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestMeta;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 {@code subscriptions/listen} stream: acknowledged first with what the server can report (list changes
 * it declares, resource updates when it supports subscriptions), then each such change, tagged with the
 * subscription's id. Its caller is a listening {@link StatelessRequest} of the server's lane (one stream, no session),
 * subscribed to the resources asked for as a legacy session would be, so a shared child's changes reach it as they reach every session; on a principal's
 * children (a {@code session} server) it holds no child to itself, so the principal's calls go to the child it
 * watches; a lane of one child per call reports nothing (no child lives to see a change). Used by the request's
 * thread only.
 */
final class ListenExchange implements StatelessExchange {
  /** Filter field → the legacy notification it admits and the capability that makes the server send it. */
  private static final Map<String, String[]> FILTERS = Map.of(
      "toolsListChanged", new String[] {"notifications/tools/list_changed", "tools"},
      "promptsListChanged", new String[] {"notifications/prompts/list_changed", "prompts"},
      "resourcesListChanged", new String[] {"notifications/resources/list_changed", "resources"});
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(30);

  private final StatelessRequest session;
  private final EventStream out;
  private final int token;
  private final Message.Request request;
  private final ObjectNode honoured;
  private final java.util.Set<String> resources = new java.util.HashSet<>();
  /** Notifications that arrived while the subscriptions were being made, in order. */
  private final java.util.ArrayDeque<Message> backlog = new java.util.ArrayDeque<>();
  private long cursor;
  private boolean acknowledged;

  /**
   * The caller's stream never finishes by counting responses, so only the gateway ends it; the subscribe answers
   * come on it too, so nothing the server sends meanwhile can land anywhere else.
   */
  private ListenExchange(StatelessRequest session, Message.Request request, ObjectNode honoured) {
    this.session = session;
    this.request = request;
    this.honoured = honoured;
    this.out = session.stream();
    this.token = out.attach();
  }

  static ListenExchange open(StatelessRequest session, Message.Request request) {
    JsonNode asked = request.node().path("params").path("notifications");
    JsonNode caps = session.init().path("capabilities");
    ObjectNode honoured = Json.object();
    if (!session.keepsChildren()) {
      return new ListenExchange(session, request, honoured);
    }
    FILTERS.forEach((field, legacy) -> {
      if (asked.path(field).asBoolean(false) && caps.path(legacy[1]).path("listChanged").asBoolean(false)) {
        honoured.put(field, true);
      }
    });
    java.util.List<String> uris = new java.util.ArrayList<>();
    if (caps.path("resources").path("subscribe").asBoolean(false)) {
      asked.path("resourceSubscriptions").forEach(uri -> uris.add(uri.asString()));
    }
    ListenExchange listen = new ListenExchange(session, request, honoured);
    if (!uris.isEmpty()) {
      listen.subscribe(uris);
    }
    return listen;
  }

  @Override
  public Step next(Duration wait) throws InterruptedException {
    if (!acknowledged) {
      acknowledged = true;
      ObjectNode params = Json.object();
      params.set("notifications", honoured);
      return new Step.Notify(tagged(Message.notification("notifications/subscriptions/acknowledged", params)));
    }
    for (Message m; (m = backlog.poll()) != null;) {
      if (m instanceof Message.Notification n && admitted(n)) {
        return new Step.Notify(tagged(n));
      }
    }
    EventStream.Batch batch = out.await(cursor, wait, token);
    for (EventStream.Event e : batch.events()) {
      cursor = e.seq();
      out.delivered(e.seq());
      if (e.message() instanceof Message.Notification n && admitted(n)) {
        return new Step.Notify(tagged(n));
      }
    }
    if (batch.finished() || session.isClosed()) {
      ObjectNode result = Json.object().put("resultType", "complete");
      result.putObject("_meta").set(RequestMeta.SUBSCRIPTION_ID, request.id().value());
      abandon();
      return new Step.Final(Message.response(request.id(), result));
    }
    return Step.IDLE;
  }

  /** Subscribes the listen session to each resource as a legacy session would; those the server refuses are left out. */
  private void subscribe(java.util.List<String> uris) {
    tools.jackson.databind.node.ArrayNode list = honoured.putArray("resourceSubscriptions");
    Map<dev.switchboard.protocol.RequestId, String> asked = new java.util.HashMap<>();
    long id = 0;
    for (String uri : uris) {
      var rid = dev.switchboard.protocol.RequestId.of(--id);
      asked.put(rid, uri);
      session.forward(Message.request(rid, "resources/subscribe", Json.object().put("uri", uri)));
    }
    long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
    try {
      while (!asked.isEmpty() && System.nanoTime() < deadline) {
        EventStream.Batch batch = out.await(cursor, Duration.ofNanos(deadline - System.nanoTime()), token);
        for (EventStream.Event e : batch.events()) {
          cursor = e.seq();
          out.delivered(e.seq());
          settle(e.message(), asked, list);
        }
        if (batch.finished() || batch.cutOff()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void settle(Message m, Map<dev.switchboard.protocol.RequestId, String> asked,
      tools.jackson.databind.node.ArrayNode list) {
    switch (m) {
      case Message.Response r when asked.containsKey(r.id()) -> {
        String uri = asked.remove(r.id());
        list.add(uri);
        resources.add(uri);
      }
      case Message.ErrorResponse e when e.id() != null && asked.containsKey(e.id()) -> asked.remove(e.id());
      default -> backlog.add(m);
    }
  }

  @Override
  public void abandon() {
    out.detach(token);
    session.close("the listen stream ended");
  }

  private boolean admitted(Message.Notification n) {
    if (n.method().equals("notifications/resources/updated")) {
      return resources.contains(n.node().path("params").path("uri").asString(""));
    }
    return FILTERS.entrySet().stream().anyMatch(f -> honoured.has(f.getKey()) && f.getValue()[0].equals(n.method()));
  }

  private Message.Notification tagged(Message.Notification n) {
    ObjectNode params = Json.object();
    if (n.params() instanceof ObjectNode own) {
      params.setAll(own);
    }
    ObjectNode meta = Json.object();
    if (params.get("_meta") instanceof ObjectNode own) {
      meta.setAll(own);
    }
    meta.set(RequestMeta.SUBSCRIPTION_ID, request.id().value());
    params.set("_meta", meta);
    return Message.notification(n.method(), params);
  }
}
