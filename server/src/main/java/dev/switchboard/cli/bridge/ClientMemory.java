package dev.switchboard.cli.bridge;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the client told its server that a new session must hear again: its own {@code initialize}, whether it sent
 * {@code notifications/initialized}, the resources it subscribed to and its log level; and whether it has used the
 * server at all (a request other than {@code initialize} and {@code ping}). Written on the stdin thread,
 * read by whichever thread re-initializes. Thread safe.
 */
final class ClientMemory {
  private volatile Message.@Nullable Request initialize;
  private volatile @Nullable String protocolVersion;
  private volatile boolean initialized;
  private volatile boolean used;
  private volatile @Nullable JsonNode logLevel;
  private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

  /** Notes what {@code message}, on its way from the client to the server, changes. */
  void note(Message message) {
    switch (message) {
      case Message.Request r when r.method().equals("initialize") -> initialize = r;
      case Message.Request r when r.method().equals("resources/subscribe") -> uri(r).ifPresent(subscriptions::add);
      case Message.Request r when r.method().equals("resources/unsubscribe") ->
          uri(r).ifPresent(subscriptions::remove);
      case Message.Request r when r.method().equals("logging/setLevel") -> logLevel = r.params();
      case Message.Notification n when n.method().equals("notifications/initialized") -> initialized = true;
      default -> {}
    }
    if (message instanceof Message.Request r && Sends.isUse(r.method())) {
      used = true;
    }
  }

  /** Whether the client has used the server: a new session then stands in for a used one. */
  boolean used() {
    return used;
  }

  /** Whether {@code id} is the client's own {@code initialize}, whose answer fixes the protocol revision. */
  boolean isInitialize(RequestId id) {
    Message.Request init = initialize;
    return init != null && init.id().equals(id);
  }

  void answered(String version) {
    protocolVersion = version;
  }

  /** The client's initialize once the server has answered it, i.e. once there is a session worth re-creating. */
  Message.@Nullable Request answeredInitialize() {
    return protocolVersion == null ? null : initialize;
  }

  boolean initialized() {
    return initialized;
  }

  List<String> subscriptions() {
    return List.copyOf(subscriptions);
  }

  @Nullable JsonNode logLevel() {
    return logLevel;
  }

  private static java.util.Optional<String> uri(Message.Request request) {
    JsonNode params = request.params();
    JsonNode uri = params == null ? null : params.get("uri");
    return uri != null && uri.isString() ? java.util.Optional.of(uri.asString()) : java.util.Optional.empty();
  }
}
