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
 * subscription's id. It runs in an unregistered session of the server's lane, subscribed to the resources asked for
 * as a legacy session would be, so a shared child's changes reach it as they reach every session; a lane of one
 * child per call reports nothing (no child lives to see a change). Used by the request's thread only.
 */
final class ListenExchange implements StatelessExchange {
  /** Filter field → the legacy notification it admits and the capability that makes the server send it. */
  private static final Map<String, String[]> FILTERS = Map.of(
      "toolsListChanged", new String[] {"notifications/tools/list_changed", "tools"},
      "promptsListChanged", new String[] {"notifications/prompts/list_changed", "prompts"},
      "resourcesListChanged", new String[] {"notifications/resources/list_changed", "resources"});

  private final Session session;
  private final EventStream out;
  private final int token;
  private final Message.Request request;
  private final ObjectNode honoured;
  private final java.util.Set<String> resources = new java.util.HashSet<>();
  private long cursor;
  private boolean acknowledged;

  private ListenExchange(Session session, Message.Request request, ObjectNode honoured) {
    this.session = session;
    this.request = request;
    this.honoured = honoured;
    this.out = session.openRequestStream(1);
    this.token = out.attach();
    honoured.path("resourceSubscriptions").forEach(uri -> resources.add(uri.asString()));
  }

  static ListenExchange open(Session session, Message.Request request) {
    JsonNode asked = request.node().path("params").path("notifications");
    JsonNode caps = session.statelessInit().path("capabilities");
    ObjectNode honoured = Json.object();
    if (!session.keepsChildren()) {
      return new ListenExchange(session, request, honoured);
    }
    FILTERS.forEach((field, legacy) -> {
      if (asked.path(field).asBoolean(false) && caps.path(legacy[1]).path("listChanged").asBoolean(false)) {
        honoured.put(field, true);
      }
    });
    if (asked.path("resourceSubscriptions").isArray() && caps.path("resources").path("subscribe").asBoolean(false)) {
      subscribe(session, asked.path("resourceSubscriptions"), honoured.putArray("resourceSubscriptions"));
    }
    return new ListenExchange(session, request, honoured);
  }

  @Override
  public Step next(Duration wait) throws InterruptedException {
    if (!acknowledged) {
      acknowledged = true;
      ObjectNode params = Json.object();
      params.set("notifications", honoured);
      return new Step.Notify(tagged(Message.notification("notifications/subscriptions/acknowledged", params)));
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
  private static void subscribe(Session session, JsonNode uris, tools.jackson.databind.node.ArrayNode honoured) {
    long id = 0;
    for (JsonNode uri : uris) {
      EventStream answer = session.openRequestStream(1);
      session.forward(Message.request(dev.switchboard.protocol.RequestId.of(--id), "resources/subscribe",
          Json.object().put("uri", uri.asString())), answer);
      if (subscribed(answer)) {
        honoured.add(uri.asString());
      }
    }
  }

  private static boolean subscribed(EventStream answer) {
    try {
      EventStream.Batch batch = answer.await(0, Duration.ofSeconds(30));
      return batch.events().stream().anyMatch(e -> e.message() instanceof Message.Response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
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
