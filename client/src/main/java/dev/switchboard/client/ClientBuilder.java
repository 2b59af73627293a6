package dev.switchboard.client;

import dev.switchboard.client.schema.Implementation;
import dev.switchboard.client.schema.LogMessage;
import dev.switchboard.client.schema.Root;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Configures a {@link Client}: who it is, which revision it asks for, its default timeout, and the handlers and
 * listeners for what the server sends. Registering a handler declares the matching client capability. Not thread
 * safe; {@link #build()} takes a snapshot.
 */
public final class ClientBuilder {
  final Transport.Factory transports;
  Implementation clientInfo = new Implementation("switchboard-client", Client.VERSION);
  String protocolVersion = ProtocolVersion.LATEST_LEGACY;
  Duration timeout = Duration.ofSeconds(30);
  @Nullable SamplingHandler sampling;
  @Nullable ElicitationHandler elicitation;
  @Nullable Supplier<List<Root>> roots;
  final Map<String, List<Consumer<Message.Notification>>> listeners = new LinkedHashMap<>();
  final ObjectNode extraCapabilities = Json.object();
  int maxServerRequests = 16;

  ClientBuilder(Transport.Factory transports) {
    this.transports = transports;
  }

  public ClientBuilder clientInfo(String name, String version) {
    this.clientInfo = new Implementation(name, version);
    return this;
  }

  /** The revision offered in {@code initialize} (default: the newest this client speaks). */
  public ClientBuilder protocolVersion(String version) {
    if (!ProtocolVersion.isLegacy(version)) {
      throw new IllegalArgumentException("unsupported protocol version " + version);
    }
    this.protocolVersion = version;
    return this;
  }

  /** The default timeout of every call (30 s unless set); {@link CallOptions} overrides it per call. */
  public ClientBuilder timeout(Duration value) {
    this.timeout = value;
    return this;
  }

  public ClientBuilder sampling(SamplingHandler handler) {
    this.sampling = handler;
    return this;
  }

  public ClientBuilder elicitation(ElicitationHandler handler) {
    this.elicitation = handler;
    return this;
  }

  /** The roots answered to {@code roots/list}; call {@link Client#rootsChanged()} when they change. */
  public ClientBuilder roots(Supplier<List<Root>> provider) {
    this.roots = provider;
    return this;
  }

  /** A listener for one notification method, or {@code "*"} for all; runs on the client's event thread. */
  public ClientBuilder onNotification(String method, Consumer<Message.Notification> listener) {
    listeners.computeIfAbsent(method, m -> new ArrayList<>()).add(listener);
    return this;
  }

  /** A listener for the server's log messages ({@code notifications/message}). */
  public ClientBuilder onLog(Consumer<LogMessage> listener) {
    return onNotification("notifications/message", n -> listener.accept(LogMessage.from(n.node().path("params"))));
  }

  /** Declares a further capability (e.g. {@code experimental}) as is. */
  public ClientBuilder capability(String name, ObjectNode value) {
    extraCapabilities.set(name, value);
    return this;
  }

  /** How many server requests (sampling, elicitation) may run at once; more are refused with an error. */
  public ClientBuilder maxServerRequests(int count) {
    this.maxServerRequests = count;
    return this;
  }

  public Client build() {
    return new Client(new Channel(snapshot()));
  }

  /** A copy, so changing this builder later does not change a client already built. */
  private ClientBuilder snapshot() {
    ClientBuilder copy = new ClientBuilder(transports);
    copy.clientInfo = clientInfo;
    copy.protocolVersion = protocolVersion;
    copy.timeout = timeout;
    copy.sampling = sampling;
    copy.elicitation = elicitation;
    copy.roots = roots;
    listeners.forEach((method, list) -> copy.listeners.put(method, List.copyOf(list)));
    copy.extraCapabilities.setAll(extraCapabilities.deepCopy());
    copy.maxServerRequests = maxServerRequests;
    return copy;
  }

  ObjectNode capabilities() {
    ObjectNode caps = Json.object();
    if (sampling != null) {
      caps.putObject("sampling");
    }
    if (elicitation != null) {
      caps.putObject("elicitation").putObject("form");
    }
    if (roots != null) {
      caps.putObject("roots").put("listChanged", true);
    }
    caps.setAll(extraCapabilities);
    return caps;
  }
}
