package dev.switchboard.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * One extra address a server listens on besides HTTP (the per-server {@code listen} list): newline-delimited
 * JSON-RPC over loopback TCP or a Unix-domain socket. Neither wire carries headers, so neither carries API keys:
 * TCP is loopback only and a socket file is owner-only. Immutable.
 */
public sealed interface ListenAddress {
  /** {@code tcp://HOST:PORT} on a loopback address; port 0 picks a free port. */
  record Tcp(String host, int port) implements ListenAddress {
    @Override
    public String toString() {
      return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** {@code unix:PATH}, an absolute path or one under {@code ~}. */
  record Unix(Path path) implements ListenAddress {
    @Override
    public String toString() {
      return "unix:" + path;
    }
  }

  /** Parses one entry; throws {@link IllegalArgumentException} with the reason a user can act on. */
  static ListenAddress parse(String text) {
    if (text.startsWith("unix:")) {
      return unix(text.substring("unix:".length()));
    }
    if (text.startsWith("tcp://")) {
      return tcp(text);
    }
    throw new IllegalArgumentException("expected tcp://127.0.0.1:PORT or unix:PATH, got \"" + text + "\"");
  }

  private static Unix unix(String raw) {
    String expanded = ConfigLoader.expandHome(raw.startsWith("//") ? raw.substring(2) : raw);
    Path path = Path.of(expanded);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("a socket path must be absolute or start with ~/, got \"" + raw + "\"");
    }
    return new Unix(path.normalize());
  }

  private static Tcp tcp(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a tcp://HOST:PORT address: \"" + text + "\"", e);
    }
    String host = uri.getHost();
    if (host == null || uri.getPort() < 0 || (uri.getPath() != null && !uri.getPath().isEmpty())) {
      throw new IllegalArgumentException("expected tcp://HOST:PORT with nothing after the port, got \"" + text + "\"");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!isLoopback(bare)) {
      throw new IllegalArgumentException(text + " is not a loopback address: TCP connections carry no API key, so "
          + "Switchboard listens for them on loopback only (use 127.0.0.1, or the HTTP endpoint with keys)");
    }
    return new Tcp(bare, uri.getPort());
  }

  /** Only names that need no lookup: a loopback literal or {@code localhost}. */
  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
