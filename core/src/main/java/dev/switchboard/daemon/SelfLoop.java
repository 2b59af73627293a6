package dev.switchboard.daemon;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.upstream.CommandResolver;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a stdio server that would reach this gateway itself, a loop that spawns children until
 * {@code maxChildren}: an argument that is a URL to one of the gateway's addresses (what {@code mcp-remote},
 * {@code npx mcp-remote} and similar bridges take), a {@code switchboard bridge} command (unless this gateway's
 * {@code home} is known and the bridge's {@code SWITCHBOARD_HOME} names another: a chain of gateways), or a command
 * that resolves to the gateway's own launcher script. Immutable.
 *
 * @param hosts the host names that reach the gateway (loopback spellings included), lower case, no brackets
 * @param ports the ports it listens on (or is configured to)
 * @param launchers the launcher scripts that start this gateway
 * @param home this gateway's home, or null when unknown (then every {@code switchboard bridge} counts as a loop)
 */
public record SelfLoop(Set<String> hosts, Set<Integer> ports, List<Path> launchers, @Nullable Path home) {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "0.0.0.0", "::");
  private static final Set<String> LAUNCHER_NAMES = Set.of("switchboard", "switchboard.cmd", "switchboard.bat");

  public SelfLoop {
    hosts = Set.copyOf(hosts);
    ports = Set.copyOf(ports);
    launchers = List.copyOf(launchers);
  }

  /** The gateway at any of {@code baseUrls} ({@code http://host:port}), started by any of {@code launchers}. */
  public static SelfLoop of(Collection<String> baseUrls, List<Path> launchers) {
    Set<String> hosts = new TreeSet<>(LOOPBACK);
    Set<Integer> ports = new TreeSet<>();
    for (String base : baseUrls) {
      URI uri = uri(base);
      if (uri != null && uri.getHost() != null) {
        hosts.add(host(uri));
        ports.add(port(uri));
      }
    }
    return new SelfLoop(hosts, ports, launchers, null);
  }

  /** The same, knowing this gateway's home: a bridge to another home's gateway is then a chain, not a loop. */
  public SelfLoop withHome(Path ownHome) {
    return new SelfLoop(hosts, ports, launchers, ownHome);
  }

  /** Why {@code command args} reaches this gateway, or empty when it does not. */
  public Optional<String> reason(String command, List<String> args, Map<String, String> env, Path cwd) {
    for (String arg : args) {
      String url = arg.contains("=") && !arg.startsWith("http") ? arg.substring(arg.indexOf('=') + 1) : arg;
      if (pointsHere(url)) {
        return Optional.of("it connects to this Switchboard itself (" + url + ")");
      }
    }
    if (!args.isEmpty() && args.get(0).equals("bridge") && reachesAnotherHome(env)) {
      return Optional.empty(); // a bridge to the gateway of another home: a chain of gateways, not a loop
    }
    String name = command.substring(Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\')) + 1);
    if (LAUNCHER_NAMES.contains(name.toLowerCase(Locale.ROOT)) && !args.isEmpty() && args.get(0).equals("bridge")) {
      return Optional.of("'" + command + " bridge' connects to Switchboard itself");
    }
    return CommandResolver.resolve(command, env, cwd).filter(this::isLauncher)
        .map(p -> "its command is Switchboard's own launcher (" + p + ")");
  }

  /** One problem per configured server that reaches this gateway. */
  public List<ConfigException.Problem> problems(Config config) {
    List<ConfigException.Problem> problems = new ArrayList<>();
    for (ServerSpec spec : config.servers().values()) {
      String command = spec.command();
      if (command != null) {
        Path cwd = spec.cwd() == null ? Path.of("").toAbsolutePath() : spec.cwd();
        reason(command, spec.args(), spec.env(), cwd).ifPresent(why -> problems.add(new ConfigException.Problem(
            "$.mcpServers." + spec.name(), "server '" + spec.name() + "' would loop back into Switchboard: " + why)));
      }
    }
    return problems;
  }

  /** Only when this gateway's home is known, and the bridge's {@code SWITCHBOARD_HOME} names a different one. */
  private boolean reachesAnotherHome(Map<String, String> env) {
    String theirs = env.get("SWITCHBOARD_HOME");
    return home != null && theirs != null && !theirs.isBlank() && !same(Path.of(theirs.strip()), home);
  }

  private boolean pointsHere(String text) {
    URI uri = uri(text);
    return uri != null && uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && hosts.contains(host(uri)) && ports.contains(port(uri));
  }

  private boolean isLauncher(Path resolved) {
    return launchers.stream().anyMatch(l -> same(l, resolved));
  }

  private static boolean same(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (java.io.IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  private static @Nullable URI uri(String text) {
    try {
      return new URI(text.strip());
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static String host(URI uri) {
    String host = java.util.Objects.requireNonNull(uri.getHost()).toLowerCase(Locale.ROOT);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
