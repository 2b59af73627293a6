package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.SocketTransport;
import dev.switchboard.client.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** The transport contract over newline-delimited JSON-RPC on a Unix-domain socket (a server's {@code listen}). */
class UnixSocketContractIT extends TransportContract {
  private Path folder;

  @Override
  List<String> listen(String server) throws Exception {
    if (folder == null) {
      // short: a socket path is limited to about 100 bytes
      folder = Files.createTempDirectory(Path.of("/tmp"), "sbc");
    }
    return List.of("unix:" + folder.resolve("sockets").resolve(server + ".sock"));
  }

  @Override
  Transport connect(String server) {
    return SocketTransport.unix(folder.resolve("sockets").resolve(server + ".sock"));
  }

  @AfterAll
  void removeFolder() throws Exception {
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
