package dev.switchboard.cluster;

import dev.switchboard.testing.LoopbackProcess;
import dev.switchboard.testing.LoopbackProcess.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the cluster tests' Redis, HAProxy and nginx as children on free loopback ports, each on the port it ends up
 * owning alone ({@link LoopbackProcess}); skipped, saying so, when not installed.
 */
final class ClusterSetUp {
  private ClusterSetUp() {}

  /** {@code redis-server} keeping nothing on disk. */
  static LoopbackProcess redis() throws Exception {
    return redis(LoopbackProcess::freePort);
  }

  /** The same on ports from {@code ports}. */
  static LoopbackProcess redis(LoopbackProcess.Ports ports) throws Exception {
    Path binary = require("redis-server");
    return LoopbackProcess.start("redis", port -> new Command(List.of(binary.toString(), "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")),
        ports);
  }

  /** HAProxy running the shipped config, its listener and servers given through the environment. */
  static LoopbackProcess haproxy(Nodes nodes) throws Exception {
    return haproxy(nodes::address, LoopbackProcess::freePort);
  }

  /**
   * The same with each node's {@code host:port} from {@code address}, on ports from {@code ports}; {@code -dR}: no
   * SO_REUSEPORT, so HAProxy fails on a port another program holds instead of sharing it.
   */
  static LoopbackProcess haproxy(java.util.function.UnaryOperator<String> address, LoopbackProcess.Ports ports)
      throws Exception {
    Path binary = require("haproxy");
    Path config = Path.of("../deploy/haproxy/haproxy.cfg").toAbsolutePath().normalize();
    return LoopbackProcess.start("haproxy", port -> new Command(List.of(binary.toString(), "-f", config.toString(),
        "-db", "-dR"), Map.of("SB_LISTEN", "127.0.0.1:" + port, "SB_N1", address.apply("n1"), "SB_N2",
            address.apply("n2"), "SB_N3", address.apply("n3"))), ports);
  }

  /**
   * nginx running the shipped {@code switchboard.conf}, its placeholders replaced by loopback addresses, inside a
   * minimal main config whose files all live in a folder of their own under {@code target/} (checked with
   * {@code nginx -t} first); its log goes to stderr, so the start sees a port another program holds.
   */
  static LoopbackProcess nginx(Nodes nodes) throws Exception {
    Path binary = require("nginx");
    return LoopbackProcess.start("nginx", port -> {
      Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/cluster-it").toAbsolutePath()),
          "nginx-" + port + "-");
      String site = Files.readString(Path.of("../deploy/nginx/switchboard.conf"))
          .replace("@LISTEN@", "127.0.0.1:" + port).replace("@N1@", nodes.address("n1"))
          .replace("@N2@", nodes.address("n2")).replace("@N3@", nodes.address("n3"));
      Files.writeString(dir.resolve("switchboard.conf"), site);
      String temp = List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi").stream()
          .map(t -> t + "_temp_path " + dir.resolve(t) + ";").reduce("", (a, b) -> a + " " + b);
      Files.writeString(dir.resolve("nginx.conf"), "worker_processes 1; daemon off; pid " + dir
          .resolve("nginx.pid") + "; error_log stderr info;\n"
          + "events { worker_connections 256; }\nhttp { access_log off; " + temp + "\ninclude " + dir
              .resolve("switchboard.conf") + "; }\n");
      List<String> command = List.of(binary.toString(), "-e", "stderr", "-p", dir.toString(), "-c",
          dir.resolve("nginx.conf").toString());
      check(command, dir.resolve("nginx-t.log"));
      return new Command(command);
    });
  }

  /** {@code nginx -t} on the rendered config: fails, with nginx's words, unless it says the test is successful. */
  private static void check(List<String> nginx, Path said) throws Exception {
    List<String> command = new java.util.ArrayList<>(nginx);
    command.add(1, "-t");
    Process test = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(said.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    boolean exited = test.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    test.destroyForcibly();
    String output = Files.readString(said);
    if (!exited || test.exitValue() != 0 || !output.contains("test is successful")) {
      throw new IllegalStateException("nginx -t refused the shipped config: " + output);
    }
  }

  private static Path require(String name) {
    var found = LoopbackProcess.binary(name);
    Assumptions.assumeTrue(found.isPresent(), name + " is not installed: skipping the cluster tests (.ci/run "
        + "installs it with apt-get)");
    return found.orElseThrow();
  }
}
