package dev.switchboard.cli.setup;

import dev.switchboard.config.GatewaySettings;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Where clients reach Switchboard: {@code --url}, else the address the running daemon recorded in
 * {@code $SWITCHBOARD_HOME/state.json} (it may have fallen back to another port; a file whose {@code pid} is gone is
 * stale and ignored), else the config's gateway host and port. Stateless.
 */
final class GatewayAddress {
  static final String STATE_FILE = "state.json";

  /** A base URL such as {@code http://127.0.0.1:7182} and what it was taken from. */
  record Resolved(String base, String origin) {
    String serverUrl(String name) {
      return base + "/mcp/" + name;
    }
  }

  private GatewayAddress() {}

  /**
   * Throws {@link IllegalArgumentException} for a malformed {@code --url} and {@link IllegalStateException} when the
   * config asks for "any free port" and no daemon has said which one it got.
   */
  static Resolved resolve(Platform platform, GatewaySettings gateway, @Nullable String override, PrintWriter err) {
    if (override != null) {
      return new Resolved(checked(override), "--url");
    }
    Optional<String> running = fromState(platform, err);
    if (running.isPresent()) {
      return new Resolved(running.get(), platform.switchboardHome().resolve(STATE_FILE).toString());
    }
    if (gateway.port() == 0) {
      throw new IllegalStateException("gateway.port is 0 (any free port) and no running Switchboard recorded its "
          + "address in " + platform.switchboardHome().resolve(STATE_FILE) + "; start it first, or pass --url");
    }
    return new Resolved(fromSettings(gateway.host(), gateway.port()), "the config's gateway host and port");
  }

  /** The URL the running daemon wrote, if there is a usable one. */
  static Optional<String> fromState(Platform platform, PrintWriter err) {
    Path state = platform.switchboardHome().resolve(STATE_FILE);
    if (!Files.isRegularFile(state)) {
      return Optional.empty();
    }
    try {
      JsonNode recorded = JsonFiles.readObject(state);
      long pid = recorded.path("pid").asLong(0);
      if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
        // Left behind by a daemon that did not stop cleanly; its port may no longer be ours.
        err.println("Ignoring " + state + ": process " + pid + " is not running");
        return Optional.empty();
      }
      return Optional.of(checked(recorded.path("url").asString("")));
    } catch (UnusableFileException | IllegalArgumentException e) {
      err.println("Ignoring " + state + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** A client-facing URL for a bind address: a wildcard bind is reached over loopback, IPv6 needs brackets. */
  static String fromSettings(String host, int port) {
    String shown = switch (host) {
      case "", "0.0.0.0" -> "127.0.0.1";
      case "::", "[::]" -> "[::1]";
      default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    };
    return "http://" + shown + ":" + port;
  }

  /** Validates an http(s) base URL and drops trailing slashes. */
  static String checked(String url) {
    try {
      URI uri = new URI(url.strip());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("expected an http(s) URL such as http://127.0.0.1:7182, got \"" + url
            + "\"");
      }
      return uri.toString().replaceAll("/+$", "");
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: \"" + url + "\"", e);
    }
  }
}
