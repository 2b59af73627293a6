package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code resources/*} methods of one in-process connection. Subscriptions are this connection's own, so a change
 * the server reports becomes {@code notifications/resources/updated} here only when this client subscribed to it.
 * Thread safe; {@link #close} unregisters from the server.
 */
final class ResourceMethods implements Resources.Listener, AutoCloseable {
  private static final Set<String> METHODS = Set.of("resources/list", "resources/read", "resources/templates/list",
      "resources/subscribe", "resources/unsubscribe");

  private final Resources resources;
  private final BiConsumer<String, @Nullable JsonNode> notifier;
  /** Canonical URI to the forms this client subscribed with, so updates come back in the client's own spelling. */
  private final Map<String, Set<String>> subscribed = new ConcurrentHashMap<>();
  private volatile Resources.@Nullable Registration registration;

  private ResourceMethods(Resources resources, BiConsumer<String, @Nullable JsonNode> notifier) {
    this.resources = resources;
    this.notifier = notifier;
  }

  /** Serves {@code resources} on one connection; {@code notifier} sends a notification to its client. */
  static ResourceMethods open(Resources resources, BiConsumer<String, @Nullable JsonNode> notifier) {
    ResourceMethods methods = new ResourceMethods(resources, notifier);
    methods.registration = resources.watch(methods);
    return methods;
  }

  static boolean handles(String method) {
    return METHODS.contains(method);
  }

  JsonNode answer(String method, JsonNode params) throws ToolException {
    return switch (method) {
      case "resources/list" -> resources.list(cursor(params));
      case "resources/read" -> resources.read(uri(params));
      case "resources/templates/list" -> templates();
      case "resources/subscribe" -> subscribe(uri(params));
      case "resources/unsubscribe" -> unsubscribe(uri(params));
      default -> throw new ToolException(JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + method);
    };
  }

  @Override
  public void updated(String uri) {
    subscribed.getOrDefault(uri, Set.of())
        .forEach(asked -> notifier.accept("notifications/resources/updated", Json.object().put("uri", asked)));
  }

  @Override
  public void listChanged() {
    notifier.accept("notifications/resources/list_changed", null);
  }

  @Override
  public void close() {
    Resources.Registration r = registration;
    if (r != null) {
      r.close();
    }
    subscribed.clear();
  }

  private ObjectNode templates() {
    ObjectNode result = Json.object();
    result.set("resourceTemplates", resources.templates());
    return result;
  }

  private ObjectNode subscribe(String uri) throws ToolException {
    subscribed.computeIfAbsent(resources.subscribable(uri), k -> ConcurrentHashMap.newKeySet()).add(uri);
    return Json.object();
  }

  private ObjectNode unsubscribe(String uri) throws ToolException {
    String canonical = resources.subscribable(uri);
    subscribed.computeIfPresent(canonical, (k, forms) -> {
      forms.remove(uri);
      return forms.isEmpty() ? null : forms;
    });
    return Json.object();
  }

  private static @Nullable String cursor(JsonNode params) {
    JsonNode cursor = params.get("cursor");
    return cursor != null && cursor.isString() ? cursor.asString() : null;
  }

  private static String uri(JsonNode params) throws ToolException {
    JsonNode uri = params.get("uri");
    if (uri == null || !uri.isString() || uri.asString().isEmpty()) {
      throw new ToolException(JsonRpcError.INVALID_PARAMS, "params.uri must be a non-empty string");
    }
    return uri.asString();
  }
}
