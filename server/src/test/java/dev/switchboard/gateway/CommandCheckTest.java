package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A server whose command cannot be found is {@code failed} in {@code /health} from the start, not {@code ready}
 * until a client tries it; once the command exists, a reload makes it {@code ready} again. No child is started.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandCheckTest {
  @TempDir
  Path dir;

  @Test
  void missingCommandsAreFailedAtLoadAndReadyAfterAFixAndAReload() throws Exception {
    Config config = config();
    try (Gateway g = new Gateway(config, "test")) {
      assertThat(server(g, "bare").path("state").asString()).isEqualTo("failed");
      assertThat(server(g, "bare").path("error").asString()).isEqualTo("command not found: sb-tool (searched PATH)");
      assertThat(server(g, "path").path("state").asString()).isEqualTo("failed");
      assertThat(server(g, "path").path("error").asString()).startsWith("command not found: ./bin/sb-other");
      assertThat(server(g, "fine").path("state").asString()).isEqualTo("ready");

      executable(dir.resolve("sb-tool"));
      executable(dir.resolve("bin/sb-other"));
      g.reload(config());

      assertThat(server(g, "bare").path("state").asString()).isEqualTo("ready");
      assertThat(server(g, "bare").has("error")).isFalse();
      assertThat(server(g, "path").path("state").asString()).isEqualTo("ready");

      Files.delete(dir.resolve("sb-tool"));
      g.reload(config());
      assertThat(server(g, "bare").path("state").asString()).as("checked again on every reload")
          .isEqualTo("failed");
    }
  }

  private Config config() {
    ObjectNode root = Json.object();
    ObjectNode servers = root.putObject("mcpServers");
    ObjectNode bare = servers.putObject("bare").put("command", "sb-tool");
    bare.putObject("env").put("PATH", dir.toString());
    servers.putObject("path").put("command", "./bin/sb-other").put("cwd", dir.toString());
    servers.putObject("fine").put("command", "sh");
    return ConfigLoader.parse(Json.bytes(root), null);
  }

  private static JsonNode server(Gateway g, String name) {
    for (JsonNode s : g.health().path("servers")) {
      if (s.path("name").asString().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no server " + name + " in " + g.health());
  }

  private static void executable(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }
}
