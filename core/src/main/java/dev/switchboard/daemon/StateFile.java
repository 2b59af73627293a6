package dev.switchboard.daemon;

import dev.switchboard.config.Home;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a running daemon tells the rest of the machine: {@code state.json} with its PID, the URL it actually bound
 * (after any port fallback), start time, the instant its process started (which tells it from a process that reused
 * its PID), version, config and log paths, and a per-run admin token for the local control endpoint and the CLI.
 * Written atomically, owner-only (0600 on POSIX); removed on a clean stop.
 */
public record StateFile(long pid, String url, String host, int port, Instant startedAt, Instant processStart,
    String version, @Nullable String config, String logFile, String adminToken) {

  public static Optional<StateFile> read(Path file) {
    try {
      JsonNode n = Json.parse(Files.readAllBytes(file));
      return Optional.of(new StateFile(n.path("pid").asLong(), n.path("url").asString(""),
          n.path("host").asString(""), n.path("port").asInt(), Instant.parse(n.path("startedAt").asString()),
          n.path("processStart").isString() ? Instant.parse(n.path("processStart").asString()) : Instant.EPOCH,
          n.path("version").asString(""), n.path("config").isString() ? n.path("config").asString() : null,
          n.path("logFile").asString(""), n.path("adminToken").asString("")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void write(Path file) throws IOException {
    var node = Json.object().put("pid", pid).put("url", url).put("host", host).put("port", port)
        .put("startedAt", startedAt.toString()).put("processStart", processStart.toString())
        .put("version", version).put("config", config).put("logFile", logFile).put("adminToken", adminToken);
    Home.writeOwnerOnly(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
  }
}
