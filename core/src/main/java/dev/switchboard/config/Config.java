package dev.switchboard.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole configuration. The built-in {@code switchboard} server is always present (added when the file does not
 * name it), so a gateway with no config file still serves something useful.
 */
public record Config(Map<String, ServerSpec> servers, GatewaySettings gateway, @Nullable Path source,
    boolean builtinImplicit, ClusterSettings cluster) {
  public static final String BUILTIN_NAME = "switchboard";

  /**
   * {@code builtinImplicit} is derived: true when the built-in server had to be added, here or (when the caller
   * passes true) in the config this one is derived from, whose server map already holds the added one.
   */
  public Config {
    Map<String, ServerSpec> all = new LinkedHashMap<>(servers);
    builtinImplicit = builtinImplicit || !all.containsKey(BUILTIN_NAME);
    all.putIfAbsent(BUILTIN_NAME, builtinSpec());
    servers = java.util.Collections.unmodifiableMap(all);
  }

  public Config(Map<String, ServerSpec> servers, GatewaySettings gateway, @Nullable Path source) {
    this(servers, gateway, source, false);
  }

  /** One node alone (no {@code cluster} section). */
  public Config(Map<String, ServerSpec> servers, GatewaySettings gateway, @Nullable Path source,
      boolean builtinImplicit) {
    this(servers, gateway, source, builtinImplicit, ClusterSettings.SINGLE);
  }

  /**
   * The embedded default: the built-in {@code switchboard} and {@code review} servers, and {@code notes} over
   * {@code ~/notes} when that folder exists; {@code /mcp} serves {@code switchboard}.
   */
  public static Config defaults() {
    Map<String, ServerSpec> servers = new LinkedHashMap<>();
    servers.put(BUILTIN_NAME, builtinSpec());
    servers.put("review", builtin("review", dev.switchboard.protocol.Json.object().put("builtin", "review")));
    if (java.nio.file.Files.isDirectory(Path.of(System.getProperty("user.home"), "notes"))) {
      // no explicit vault: ~/notes is the loopback default, and off loopback the notes server refuses it
      servers.put("notes", builtin("notes", dev.switchboard.protocol.Json.object().put("builtin", "notes")));
    }
    return new Config(servers, GatewaySettings.defaults().withDefaultServer(BUILTIN_NAME), null);
  }

  private static ServerSpec builtin(String name, ObjectNode options) {
    return new ServerSpec(name, null, java.util.List.of(), Map.of(), null, name, UpstreamPolicy.DEFAULTS, options);
  }

  /**
   * The server {@code /mcp} serves: {@code gateway.defaultServer}, else the only configured server, else the built-in
   * one when nothing else is configured.
   */
  public Optional<String> defaultServer() {
    if (gateway.defaultServer() != null) {
      return Optional.of(gateway.defaultServer());
    }
    var configured = servers.keySet().stream().filter(n -> !n.equals(BUILTIN_NAME) || !builtinImplicit).toList();
    if (configured.size() == 1) {
      return Optional.of(configured.get(0));
    }
    return configured.isEmpty() ? Optional.of(BUILTIN_NAME) : Optional.empty();
  }

  public Config withGateway(GatewaySettings settings) {
    return new Config(servers, settings, source, builtinImplicit, cluster);
  }

  private static ServerSpec builtinSpec() {
    return new ServerSpec(BUILTIN_NAME, null, java.util.List.of(), Map.of(), null, BUILTIN_NAME,
        UpstreamPolicy.DEFAULTS, new ObjectNode(
            dev.switchboard.protocol.Json.NODES));
  }
}
