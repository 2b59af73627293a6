package dev.switchboard.cluster;

import dev.switchboard.testing.LoopbackProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Starts the cluster tests' Redis and HAProxy as children on free loopback ports (skipped when not installed). */
final class ClusterSetUp {
  private ClusterSetUp() {}

  /** {@code redis-server} keeping nothing on disk. */
  static LoopbackProcess redis() throws Exception {
    Path binary = require("redis-server");
    int port = LoopbackProcess.freePort();
    return LoopbackProcess.start(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no"), Map.of(), port, "redis");
  }

  /** HAProxy running the shipped config, its listener and servers given through the environment. */
  static LoopbackProcess haproxy(Nodes nodes) throws Exception {
    Path binary = require("haproxy");
    int port = LoopbackProcess.freePort();
    Path config = Path.of("../deploy/haproxy/haproxy.cfg").toAbsolutePath().normalize();
    return LoopbackProcess.start(List.of(binary.toString(), "-f", config.toString(), "-db"), Map.of("SB_LISTEN",
        "127.0.0.1:" + port, "SB_N1", nodes.address("n1"), "SB_N2", nodes.address("n2"), "SB_N3",
        nodes.address("n3")), port, "haproxy");
  }

  /**
   * nginx running the shipped {@code switchboard.conf}, its placeholders replaced by loopback addresses, inside a
   * minimal main config whose files all live under {@code target/}.
   */
  static LoopbackProcess nginx(Nodes nodes) throws Exception {
    Path binary = require("nginx");
    int port = LoopbackProcess.freePort();
    Path dir = Path.of("target/cluster-it/nginx").toAbsolutePath();
    java.nio.file.Files.createDirectories(dir);
    String site = java.nio.file.Files.readString(Path.of("../deploy/nginx/switchboard.conf"))
        .replace("@LISTEN@", "127.0.0.1:" + port).replace("@N1@", nodes.address("n1"))
        .replace("@N2@", nodes.address("n2")).replace("@N3@", nodes.address("n3"));
    java.nio.file.Files.writeString(dir.resolve("switchboard.conf"), site);
    String temp = List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi").stream()
        .map(t -> t + "_temp_path " + dir.resolve(t) + ";").reduce("", (a, b) -> a + " " + b);
    java.nio.file.Files.writeString(dir.resolve("nginx.conf"), "worker_processes 1; daemon off; pid " + dir
        .resolve("nginx.pid") + "; error_log " + dir.resolve("error.log") + " info;\n"
        + "events { worker_connections 256; }\nhttp { access_log off; " + temp + "\ninclude " + dir
            .resolve("switchboard.conf") + "; }\n");
    List<String> command = List.of(binary.toString(), "-e", "stderr", "-p", dir.toString(), "-c",
        dir.resolve("nginx.conf").toString());
    check(command, dir.resolve("nginx-t.log"));
    return LoopbackProcess.start(command, Map.of(), port, "nginx");
  }

  /** {@code nginx -t} on the rendered config: fails, with nginx's words, unless it says the test is successful. */
  private static void check(List<String> nginx, Path said) throws Exception {
    List<String> command = new java.util.ArrayList<>(nginx);
    command.add(1, "-t");
    Process test = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(said.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    boolean exited = test.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    test.destroyForcibly();
    String output = java.nio.file.Files.readString(said);
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
