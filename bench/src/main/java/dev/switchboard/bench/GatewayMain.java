package dev.switchboard.bench;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway under test in its own JVM: {@code GatewayMain <config.json>} starts a {@link Daemon} exactly as
 * {@code switchboard run} does, prints {@code PORT n}, and shuts down gracefully when stdin closes. The environment's
 * {@code BENCH_GATEWAY_JSON} (a JSON object) is merged into the config's {@code gateway} section, one level deep — so an
 * A/B run can turn off what an older tree did not have (e.g. {@code {"metrics":{"enabled":false}}}).
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) throws Exception {
    Daemon daemon = new Daemon(config(Path.of(args[0]), System.getenv("BENCH_GATEWAY_JSON"))).start();
    System.out.println("PORT " + daemon.port());
    System.out.flush();
    ChildJvm.awaitStdinEof();
    daemon.close();
    System.exit(0);
  }

  static Config config(Path file, String extra) throws IOException {
    if (extra == null || extra.isBlank()) {
      return ConfigLoader.load(file);
    }
    ObjectNode root = (ObjectNode) Json.parse(Files.readAllBytes(file));
    ObjectNode gateway = root.has("gateway") ? (ObjectNode) root.get("gateway") : root.putObject("gateway");
    ((ObjectNode) Json.parse(extra.getBytes(java.nio.charset.StandardCharsets.UTF_8))).properties().forEach(e -> {
      if (gateway.get(e.getKey()) instanceof ObjectNode mine && e.getValue() instanceof ObjectNode theirs) {
        mine.setAll(theirs);
      } else {
        gateway.set(e.getKey(), e.getValue());
      }
    });
    return ConfigLoader.parse(Json.bytes(root), file);
  }
}
