package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.StdioTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The transport contract through {@code switchboard bridge NAME}: a real bridge process on a pipe, as a desktop client
 * launches it, relaying to the gateway its home's {@code state.json} names ({@code --no-start}: never a daemon of its
 * own).
 */
class BridgeContractIT extends TransportContract {
  private Path home;

  @Override
  List<String> listen(String server) {
    return List.of();
  }

  @Override
  Transport connect(String server) throws Exception {
    if (home == null) {
      home = Files.createTempDirectory("bridge-contract");
      gateway.recordIn(home);
    }
    return new StdioTransport(List.of(Fixtures.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), "dev.switchboard.cli.Main", "bridge", server, "--no-start"),
        Map.of("SWITCHBOARD_HOME", home.toString()), null, line -> {});
  }

  @AfterAll
  void removeHome() throws Exception {
    if (home != null) {
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
