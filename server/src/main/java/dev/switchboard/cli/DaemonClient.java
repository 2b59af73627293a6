package dev.switchboard.cli;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The CLI's small HTTP conversation with a running daemon: its health, the admin reload and its dry run, its
 * activity and the admin stop. Stateless;
 * the shared {@link HttpClient} is thread safe.
 */
final class DaemonClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DaemonClient() {}

  /** {@code GET /health}, or empty when the daemon does not answer. */
  static Optional<JsonNode> health(String baseUrl) {
    return health(baseUrl, "");
  }

  /** {@code GET /health} with the admin token, which unlocks the detail when API keys are configured. */
  static Optional<JsonNode> health(StateFile state) {
    return health(state.url(), state.adminToken());
  }

  private static Optional<JsonNode> health(String baseUrl, String adminToken) {
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
          .timeout(Duration.ofSeconds(3)).GET();
      if (!adminToken.isEmpty()) {
        builder.header("X-Switchboard-Admin", adminToken);
      }
      HttpRequest request = builder.build();
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode() == 200 ? Optional.of(Json.parse(response.body())) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** {@code POST /admin/reload}: the daemon re-reads and applies its configuration. */
  static JsonNode reload(StateFile state) throws IOException, InterruptedException {
    return admin(state, "reload");
  }

  /** {@code POST /admin/check}: what a reload would do now, without doing it. */
  static JsonNode check(StateFile state) throws IOException, InterruptedException {
    return admin(state, "check");
  }

  /** {@code POST /admin/stop}: the daemon begins a graceful stop (the way to stop it without signals). */
  static JsonNode stop(StateFile state) throws IOException, InterruptedException {
    return admin(state, "stop");
  }

  /** {@code GET /admin/activity}: requests in flight; empty when the daemon does not answer (it may be gone). */
  static Optional<JsonNode> activity(StateFile state) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(state.url() + "/admin/activity"))
          .timeout(Duration.ofSeconds(2)).header("X-Switchboard-Admin", state.adminToken()).GET().build();
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode() == 200 ? Optional.of(Json.parse(response.body())) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static JsonNode admin(StateFile state, String action) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(state.url() + "/admin/" + action))
        .timeout(Duration.ofSeconds(30)).header("X-Switchboard-Admin", state.adminToken())
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("the daemon answered HTTP " + response.statusCode() + ": "
          + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return Json.parse(response.body());
  }
}
