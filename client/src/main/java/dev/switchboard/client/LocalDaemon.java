package dev.switchboard.client;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Switchboard daemon running on this machine, as its {@code state.json} describes it: its PID and the URL it
 * actually bound (which differs from the configured port after a port fallback). Immutable.
 */
public record LocalDaemon(long pid, URI url, @Nullable String version, Path stateFile) {
  /** Reads a state file; empty when it is missing or unreadable, or its process is gone. */
  public static Optional<LocalDaemon> read(Path stateFile) {
    try {
      JsonNode state = Json.parse(Files.readAllBytes(stateFile));
      long pid = state.path("pid").asLong(-1);
      URI url = url(state);
      boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive && url != null ? Optional.of(new LocalDaemon(pid, url, text(state, "version"), stateFile))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The endpoint of one configured server, e.g. {@code http://127.0.0.1:7182/mcp/review}. */
  public URI mcpUrl(String server) {
    return URI.create(base() + "/mcp/" + server);
  }

  /** The endpoint of the default server ({@code /mcp}). */
  public URI mcpUrl() {
    return URI.create(base() + "/mcp");
  }

  /**
   * Whether {@code GET /health} answers 200 within {@code timeout}. On {@link HttpURLConnection}, not an
   * {@code HttpClient}: a launcher such as the stdio bridge asks this first thing, and an {@code HttpClient} costs a
   * selector thread and the default TLS context (the CA certificates) even for plain HTTP to the loopback.
   */
  public boolean isHealthy(Duration timeout) {
    HttpURLConnection http = null;
    try {
      http = (HttpURLConnection) URI.create(base() + "/health").toURL().openConnection();
      int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      http.setConnectTimeout(millis);
      http.setReadTimeout(millis);
      http.setUseCaches(false);
      return http.getResponseCode() == 200;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } finally {
      if (http != null) {
        http.disconnect();
      }
    }
  }

  private String base() {
    String text = url.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static @Nullable URI url(JsonNode state) {
    String url = text(state, "url");
    if (url != null && !url.isBlank()) {
      return URI.create(url);
    }
    String host = text(state, "host");
    int port = state.path("port").asInt(0);
    return host == null || port <= 0 ? null : URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host)
        + ":" + port);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }
}
