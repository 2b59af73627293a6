package dev.switchboard.cli;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The CLI's small HTTP conversation with a running daemon: its health, the admin reload and its dry run, its
 * activity and the admin stop. {@link HttpURLConnection}, not {@code HttpClient}: a CLI command must start fast, and
 * {@code HttpClient} sets up TLS (the CA store) even for a plain call to localhost. Stateless; thread safe.
 */
final class DaemonClient {
  private static final String ADMIN = "X-Switchboard-Admin";

  private DaemonClient() {}

  /** One answer: its status and body. */
  @SuppressWarnings("ArrayRecordComponent") // read once, never compared
  private record Reply(int status, byte[] body) {}

  /** {@code GET /health}, or empty when the daemon does not answer. */
  static Optional<JsonNode> health(String baseUrl) {
    return health(baseUrl, "");
  }

  /** {@code GET /health} with the admin token, which unlocks the detail when API keys are configured. */
  static Optional<JsonNode> health(StateFile state) {
    return health(state.url(), state.adminToken());
  }

  private static Optional<JsonNode> health(String baseUrl, String adminToken) {
    return json("GET", baseUrl + "/health", adminToken, Duration.ofSeconds(3));
  }

  /** {@code POST /admin/reload}: the daemon re-reads and applies its configuration. */
  static JsonNode reload(StateFile state) throws IOException {
    return admin(state, "reload");
  }

  /** {@code POST /admin/check}: what a reload would do now, without doing it. */
  static JsonNode check(StateFile state) throws IOException {
    return admin(state, "check");
  }

  /** {@code POST /admin/revoke?key=NAME}: the key is refused on every node of the cluster from now on. */
  static JsonNode revoke(StateFile state, String key) throws IOException {
    return admin(state, "revoke?key=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code POST /admin/unrevoke?key=NAME}: the key is let in again where it was revoked. */
  static JsonNode unrevoke(StateFile state, String key) throws IOException {
    return admin(state, "unrevoke?key=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code POST /admin/stop}: the daemon begins a graceful stop (the way to stop it without signals). */
  static JsonNode stop(StateFile state) throws IOException {
    return admin(state, "stop");
  }

  /** {@code GET /admin/activity}: requests in flight; empty when the daemon does not answer (it may be gone). */
  static Optional<JsonNode> activity(StateFile state) {
    return json("GET", state.url() + "/admin/activity", state.adminToken(), Duration.ofSeconds(2));
  }

  /** {@code GET /admin/stats}: each server's calls, errors and latency; empty when the daemon does not answer. */
  static Optional<JsonNode> stats(StateFile state) {
    return json("GET", state.url() + "/admin/stats", state.adminToken(), Duration.ofSeconds(2));
  }

  private static Optional<JsonNode> json(String method, String url, String token, Duration timeout) {
    try {
      Reply reply = exchange(method, url, token, timeout);
      return reply.status() == 200 ? Optional.of(Json.parse(reply.body())) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static JsonNode admin(StateFile state, String action) throws IOException {
    Reply reply = exchange("POST", state.url() + "/admin/" + action, state.adminToken(), Duration.ofSeconds(30));
    if (reply.status() != 200) {
      throw new IOException("the daemon answered HTTP " + reply.status() + ": "
          + new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return Json.parse(reply.body());
  }

  private static Reply exchange(String method, String url, String token, Duration timeout) throws IOException {
    HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
    try {
      http.setRequestMethod(method);
      http.setConnectTimeout(2_000);
      http.setReadTimeout((int) timeout.toMillis());
      http.setUseCaches(false);
      if (!token.isEmpty()) {
        http.setRequestProperty(ADMIN, token);
      }
      if (method.equals("POST")) {
        http.setDoOutput(true);
        http.setFixedLengthStreamingMode(0);
      }
      int status = http.getResponseCode();
      try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
        return new Reply(status, in == null ? new byte[0] : in.readAllBytes());
      }
    } finally {
      http.disconnect();
    }
  }
}
