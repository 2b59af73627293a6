package dev.switchboard.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * A helper daemon for the cluster tests (Redis, HAProxy) run as a child on a free loopback port: its output goes to
 * a file under {@code target/}, its stdin is closed at once, and {@link #close} kills it and waits.
 */
public final class LoopbackProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private LoopbackProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Where {@code name} (e.g. {@code redis-server}) is installed, if it is. */
  public static Optional<Path> binary(String name) {
    return List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin").stream()
        .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }

  /** A port nothing listens on now (the caller binds it next; the window for a clash is small on loopback). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Starts {@code command} and waits until {@code port} accepts connections (or the process dies). */
  public static LoopbackProcess start(List<String> command, Map<String, String> env, int port, String logName)
      throws IOException {
    Path log = Path.of("target/cluster-it", logName + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    LoopbackProcess started = new LoopbackProcess(process, port, log);
    try {
      Awaitility.await(command.get(0) + " listening on " + port).atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException(command.get(0) + " exited: " + Files.readString(log));
            }
            return accepts(port);
          });
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
