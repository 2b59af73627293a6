package dev.switchboard.config;

import dev.switchboard.config.SettingChange.Effect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a reload from the running configuration to a new one changes, setting by setting, and the configuration a
 * running daemon can actually put in force: {@link #applicable()} is the new one, except that every setting the
 * daemon reads only at start keeps its running value. A change is {@link Effect#LIVE} exactly when
 * {@link #applicable()} takes the new value, so the report never claims more than is applied, and a setting that
 * waits for a restart is reported again by every later reload (and by {@code config check --against-running}) until
 * then. Immutable; {@link #between} is a pure function, safe from any thread.
 *
 * @param changes every changed setting, servers first ({@code mcpServers.NAME} when added or removed,
 *     {@code mcpServers.NAME.KEY} when changed), then the {@code gateway} section in file order
 * @param applicable what to hand to the gateway: equal to the running config when nothing live changed, and then
 *     holding the very same {@link GatewaySettings} instance, so nothing derived from it is rebuilt
 */
public record ConfigDiff(List<SettingChange> changes, Config applicable) {
  public ConfigDiff {
    changes = List.copyOf(changes);
  }

  public static ConfigDiff between(Config running, Config next) {
    GatewaySettings merged = merge(running.gateway(), next.gateway());
    GatewaySettings gateway = merged.equals(running.gateway()) ? running.gateway() : merged;
    // the cluster section (node id, peers, Redis) is read once at start
    Config applicable = new Config(keepListeners(running, next), gateway, next.source(), next.builtinImplicit(),
        running.cluster());
    List<SettingChange> changes = new ArrayList<>();
    servers(running, next, changes);
    if (!running.cluster().equals(next.cluster())) {
      changes.add(new SettingChange("cluster", Effect.RESTART));
    }
    groups(running.gateway(), next.gateway(), changes);
    for (SettingPaths.Setting s : SettingPaths.GATEWAY) {
      if (s.path().equals("gateway.groups")) {
        continue; // above, with their listen addresses apart
      }
      Object now = s.value().apply(running.gateway());
      Object wanted = s.value().apply(next.gateway());
      if (!Objects.equals(now, wanted)) {
        boolean live = Objects.equals(s.value().apply(gateway), wanted);
        changes.add(new SettingChange(s.path(), live ? Effect.LIVE : Effect.RESTART));
      }
    }
    return new ConfigDiff(changes, applicable);
  }

  /** The paths applied at once. */
  public List<String> live() {
    return changes.stream().filter(SettingChange::live).map(SettingChange::path).toList();
  }

  /** The paths whose new value waits for a restart. */
  public List<String> restart() {
    return changes.stream().filter(c -> !c.live()).map(SettingChange::path).toList();
  }

  public boolean restartNeeded() {
    return changes.stream().anyMatch(c -> !c.live());
  }

  /**
   * The new gateway settings, except those read once at start. Taken from {@code next} because the running daemon
   * reads them from its current config on every use: the default server (each request), the allow-lists, CORS,
   * groups, keys, OAuth (a changed section starts new JWKS and introspection caches), query-key switch, rate limit, trusted proxy (the HTTP handler rebuilds its policy when the settings
   * change), sessions per key (each new session), the shutdown grace (each drain), the log level and request log
   * (set by the daemon's reload), and {@code --insecure-no-auth} (checked by every reload). Everything else is
   * bound at start: the listener (address, retries, TLS, header size, idle timeout from the heartbeat), the session
   * registry (idle timeout, cap, stream bound), the HTTP handler's body size, heartbeat and in-flight cap, child
   * line size and log files, and the gateway-wide child limits.
   */
  private static GatewaySettings merge(GatewaySettings run, GatewaySettings next) {
    SecuritySettings s = next.security();
    SecuritySettings security = new SecuritySettings(s.keys(), s.allowQueryKey(), s.ratePerSecond(), s.rateBurst(),
        s.maxSessionsPerKey(), s.corsOrigins(), s.trustProxy(), run.security().tls(), s.insecureNoAuth(),
        s.metricsPublic(), s.oauth(), run.security().metricsEnabled());
    LogSettings logging = new LogSettings(run.logging().maxFileSize(), run.logging().maxFiles(),
        next.logging().requests(), next.logging().level(), next.logging().access(), next.logging().payloads());
    return new GatewaySettings(run.host(), run.port(), run.portRetries(), next.defaultServer(), run.sessions(),
        run.limits(), next.allowedHosts(), next.allowedOrigins(), run.heartbeat(), next.shutdownGrace(), logging,
        run.upstreams(), security, keepGroupListeners(run.groups(), next.groups()), run.ioThreads());
  }

  /** The new groups, each with the {@code listen} list it was started with (none for a new group). */
  private static java.util.Map<String, GroupSpec> keepGroupListeners(java.util.Map<String, GroupSpec> running,
      java.util.Map<String, GroupSpec> next) {
    java.util.Map<String, GroupSpec> out = new java.util.LinkedHashMap<>();
    next.forEach((name, g) -> out.put(name, withListen(g, running.containsKey(name) ? running.get(name).listen()
        : List.of())));
    return out;
  }

  private static GroupSpec withListen(GroupSpec g, List<ListenAddress> listen) {
    return new GroupSpec(g.name(), g.servers(), g.tools(), g.listTimeout(), g.pageSize(), listen);
  }

  /** A group's members and filters apply live; its {@code listen} addresses are bound at start. */
  private static void groups(GatewaySettings running, GatewaySettings next, List<SettingChange> out) {
    if (!keepGroupListeners(running.groups(), next.groups()).equals(running.groups())) {
      out.add(new SettingChange("gateway.groups", Effect.LIVE));
    }
    next.groups().forEach((name, g) -> {
      List<ListenAddress> bound = running.groups().containsKey(name) ? running.groups().get(name).listen() : List.of();
      if (!bound.equals(g.listen())) {
        out.add(new SettingChange("gateway.groups." + name + ".listen", Effect.RESTART));
      }
    });
  }

  /** Servers apply live: added ones appear, removed ones drain, changed ones restart. */
  private static void servers(Config running, Config next, List<SettingChange> out) {
    next.servers().forEach((name, spec) -> {
      ServerSpec old = running.servers().get(name);
      if (old == null) {
        out.add(new SettingChange("mcpServers." + name, Effect.LIVE));
        if (!spec.listen().isEmpty()) {
          out.add(new SettingChange("mcpServers." + name + ".listen", Effect.RESTART));
        }
      } else if (!old.equals(spec)) {
        List<String> keys = changedKeys(old.options(), spec.options());
        if (keys.isEmpty()) {
          out.add(new SettingChange("mcpServers." + name, Effect.LIVE));
        }
        keys.forEach(k -> out.add(new SettingChange("mcpServers." + name + "." + k,
            k.equals("listen") ? Effect.RESTART : Effect.LIVE)));
      } else if (!spec.listen().isEmpty() && !old.listen().equals(spec.listen())) {
        out.add(new SettingChange("mcpServers." + name + ".listen", Effect.RESTART));
      }
    });
    running.servers().keySet().stream().filter(n -> !next.servers().containsKey(n))
        .forEach(n -> out.add(new SettingChange("mcpServers." + n, Effect.LIVE)));
  }

  /**
   * The new servers, each with the {@code listen} list it runs with now (none for a new server): listeners are bound
   * at start, so a changed list waits for a restart and is reported until then.
   */
  private static java.util.Map<String, ServerSpec> keepListeners(Config running, Config next) {
    java.util.Map<String, ServerSpec> out = new java.util.LinkedHashMap<>();
    next.servers().forEach((name, spec) -> {
      ServerSpec old = running.servers().get(name);
      List<ListenAddress> bound = old == null ? List.of() : old.listen();
      out.put(name, bound.equals(spec.listen()) ? spec : withListen(spec, bound, old));
    });
    return out;
  }

  private static ServerSpec withListen(ServerSpec spec, List<ListenAddress> bound,
      @org.jspecify.annotations.Nullable ServerSpec old) {
    ObjectNode options = spec.options().deepCopy();
    if (old != null && old.options().has("listen")) {
      options.set("listen", old.options().get("listen"));
    } else {
      options.remove("listen");
    }
    return new ServerSpec(spec.name(), spec.command(), spec.args(), spec.env(), spec.cwd(), spec.builtin(),
        spec.policy(), options, bound);
  }

  private static List<String> changedKeys(ObjectNode before, ObjectNode after) {
    Set<String> keys = new LinkedHashSet<>(before.propertyNames());
    keys.addAll(after.propertyNames());
    return keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
  }
}
