package dev.switchboard.gateway;

import dev.switchboard.gateway.group.Catalog;
import dev.switchboard.gateway.group.Cursors;
import dev.switchboard.gateway.group.ListKind;
import dev.switchboard.gateway.group.MemberUris;
import dev.switchboard.gateway.group.Names;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests of one group session, each on its own virtual thread: lists are answered from the merged catalog,
 * page by page under one cursor; calls, prompts, resources and completions go to the owning member under their
 * original names, and the member's answer goes straight to the client's stream. A name the client cannot see is
 * unknown, never "hidden". Stateless beyond the session it serves.
 */
final class GroupCalls {
  private final GroupSession gs;
  private final GroupDispatcher group;

  /** A member and what it calls the thing the client asked for. */
  private record Target(MemberSlot slot, String original) {}

  GroupCalls(GroupSession gs, GroupDispatcher group) {
    this.gs = gs;
    this.group = group;
  }

  void route(Message.Request request, EventStream out) {
    Optional<ListKind> list = ListKind.ofMethod(request.method());
    if (list.isPresent()) {
      list(list.get(), request, out);
      return;
    }
    switch (request.method()) {
      case "ping" -> out.offer(Message.response(request.id(), Json.object()));
      case "tools/call" -> callTool(request, out);
      case "prompts/get" -> byName(ListKind.PROMPTS, request, out, "Unknown prompt: ");
      case "resources/read", "resources/subscribe", "resources/unsubscribe" -> byUri(request, out);
      case "completion/complete" -> complete(request, out);
      case "logging/setLevel" -> setLevel(request, out);
      default -> fail(out, request, JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + request.method());
    }
  }

  private void list(ListKind kind, Message.Request request, EventStream out) {
    GroupSession.Merged merged = gs.merged(kind);
    int offset = 0;
    JsonNode cursor = params(request).get("cursor");
    if (cursor != null && !cursor.isNull()) {
      var position = Cursors.decode(cursor.asString(""));
      if (position.isEmpty() || position.get().generation() != merged.cursorTag()) {
        fail(out, request, JsonRpcError.INVALID_PARAMS, "Invalid cursor: the list has changed since; list again "
            + "from the start");
        return;
      }
      offset = position.get().offset();
    }
    int size = group.spec().pageSize();
    ObjectNode result = Json.object();
    merged.catalog().page(offset, size).forEach(result.putArray(kind.member())::add);
    if (offset + size < merged.catalog().items().size()) {
      result.put("nextCursor", Cursors.encode(new Cursors.Position(merged.cursorTag(), offset + size)));
    }
    out.offer(Message.response(request.id(), result));
  }

  private void callTool(Message.Request request, EventStream out) {
    String name = params(request).path("name").asString("");
    Optional<Target> direct = gs.session().statelessInputs() == null ? Optional.empty() : byPlainName(name);
    if (direct.isPresent() && group.visibleTo(gs.session().principal()).test(name)) {
      send(direct.get(), renamed(request, "name", direct.get().original()), out);
      return;
    }
    Optional<Catalog.Entry> entry = group.visibleTo(gs.session().principal()).test(name)
        ? gs.merged(ListKind.TOOLS).catalog().find(name) : Optional.empty();
    if (entry.isPresent()) {
      send(target(entry.get()), renamed(request, "name", entry.get().original()), out);
      return;
    }
    Optional<MemberSlot> down = downOwner(name);
    if (down.isPresent() && group.visibleTo(gs.session().principal()).test(name)) {
      fail(out, request, JsonRpcError.SERVER_ERROR, "Tool '" + name + "' cannot be called now: "
          + down.get().describeDown());
    } else {
      fail(out, request, JsonRpcError.INVALID_PARAMS, "Unknown tool: " + name);
    }
  }

  /**
   * The tool a plain {@code member__tool} name names, without gathering the members' lists: a 2026-07-28 request
   * brings no session whose merged list could be reused, so each would fetch every member's. Only when exactly one
   * member's name is the prefix (so no other item can share the name) and the tool's exposed name is that plain form
   * (a hashed name needs the list); a tool the member lacks gets the member's own error.
   */
  private Optional<Target> byPlainName(String name) {
    List<MemberSlot> owners = gs.slots().stream().filter(s -> name.startsWith(s.name() + Names.SEPARATOR)).toList();
    if (owners.size() != 1 || !owners.get(0).serverAvailable()) {
      return Optional.empty();
    }
    MemberSlot slot = owners.get(0);
    String original = name.substring(slot.name().length() + Names.SEPARATOR.length());
    return Names.exposed(slot.name(), original).equals(name) ? Optional.of(new Target(slot, original))
        : Optional.empty();
  }

  /** The member a name's prefix points to, when that member is out of the lists. */
  private Optional<MemberSlot> downOwner(String name) {
    return gs.slots().stream().filter(s -> name.startsWith(s.name() + Names.SEPARATOR))
        .filter(s -> !s.serverAvailable() || !s.isOpen()).findFirst();
  }

  private void byName(ListKind kind, Message.Request request, EventStream out, String unknown) {
    String name = params(request).path("name").asString("");
    Optional<Catalog.Entry> entry = gs.merged(kind).catalog().find(name);
    if (entry.isEmpty()) {
      fail(out, request, JsonRpcError.INVALID_PARAMS, unknown + name);
      return;
    }
    send(target(entry.get()), renamed(request, "name", entry.get().original()), out);
  }

  private void byUri(Message.Request request, EventStream out) {
    String uri = params(request).path("uri").asString("");
    Optional<Target> target = resource(uri);
    if (target.isEmpty()) {
      fail(out, request, JsonRpcError.RESOURCE_NOT_FOUND, "Unknown resource: " + uri);
      return;
    }
    send(target.get(), renamed(request, "uri", target.get().original()), out);
  }

  /** Listed URIs, then the reversible prefix, then the member whose template fits best, then the only member. */
  private Optional<Target> resource(String uri) {
    Optional<Catalog.Entry> listed = gs.merged(ListKind.RESOURCES).catalog().find(uri);
    if (listed.isPresent()) {
      return Optional.of(target(listed.get()));
    }
    Optional<MemberUris.Origin> prefixed = MemberUris.parse(uri);
    if (prefixed.isPresent()) {
      return gs.slot(prefixed.get().member()).map(s -> new Target(s, prefixed.get().original()));
    }
    Catalog.Entry best = null;
    int bestLength = 0;
    Catalog templates = gs.merged(ListKind.TEMPLATES).catalog();
    for (ObjectNode item : templates.items()) {
      String prefix = MemberUris.literalPrefix(item.path("uriTemplate").asString(""));
      Optional<Catalog.Entry> e = templates.find(item.path("uriTemplate").asString(""));
      if (!prefix.isEmpty() && uri.startsWith(prefix) && prefix.length() > bestLength && e.isPresent()) {
        best = e.get();
        bestLength = prefix.length();
      }
    }
    if (best != null) {
      return gs.slot(best.member()).map(s -> new Target(s, uri));
    }
    List<MemberSlot> withResources = gs.slots().stream()
        .filter(s -> s.result().path("capabilities").has("resources")).toList();
    return withResources.size() == 1 ? Optional.of(new Target(withResources.get(0), uri)) : Optional.empty();
  }

  private void complete(Message.Request request, EventStream out) {
    JsonNode ref = params(request).path("ref");
    Optional<Target> target = switch (ref.path("type").asString("")) {
      case "ref/prompt" -> gs.merged(ListKind.PROMPTS).catalog().find(ref.path("name").asString("")).map(this::target);
      case "ref/resource" -> templateOrResource(ref.path("uri").asString(""));
      default -> Optional.empty();
    };
    if (target.isEmpty()) {
      fail(out, request, JsonRpcError.INVALID_PARAMS, "Unknown reference: " + ref);
      return;
    }
    String field = ref.path("type").asString("").equals("ref/prompt") ? "name" : "uri";
    ObjectNode params = params(request).deepCopy();
    params.set("ref", ((ObjectNode) ref).deepCopy().put(field, target.get().original()));
    send(target.get(), Message.request(request.id(), request.method(), params), out);
  }

  private Optional<Target> templateOrResource(String uri) {
    return gs.merged(ListKind.TEMPLATES).catalog().find(uri).map(this::target).or(() -> resource(uri));
  }

  /** Every open member gets the level; the client gets one answer once they all have. */
  private void setLevel(Message.Request request, EventStream out) {
    ObjectNode params = params(request).deepCopy();
    gs.logLevel(params);
    List<CompletableFuture<Void>> sent = gs.slots().stream().flatMap(s -> s.current().stream()
        .map(session -> CompletableFuture.runAsync(() -> s.ask(session, "logging/setLevel", params),
            group.executor()).exceptionally(e -> null))).toList();
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    out.offer(Message.response(request.id(), Json.object()));
  }

  private void send(Target target, Message.Request request, EventStream out) {
    Optional<Session> member = target.slot().open();
    if (member.isEmpty()) {
      out.offer(Message.error(request.id(), target.slot().unavailable()));
      return;
    }
    try {
      member.get().forward(request, out);
    } catch (GatewayException e) { // the member session ended between open and forward
      out.offer(Message.error(request.id(), target.slot().unavailable()));
    }
  }

  private Target target(Catalog.Entry entry) {
    MemberSlot slot = gs.slot(entry.member()).orElseThrow(() -> new IllegalStateException(
        "a catalog entry of an unknown member " + entry.member()));
    return new Target(slot, entry.original());
  }

  private static Message.Request renamed(Message.Request request, String field, String original) {
    ObjectNode params = params(request).deepCopy();
    params.put(field, original);
    return Message.request(request.id(), request.method(), params);
  }

  private static ObjectNode params(Message.Request request) {
    return request.params() instanceof ObjectNode o ? o : Json.object();
  }

  private static void fail(EventStream out, Message.Request request, int code, String message) {
    out.offer(Message.error(request.id(), new JsonRpcError(code, message)));
  }
}
