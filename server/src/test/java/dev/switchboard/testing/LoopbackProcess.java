package dev.switchboard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A helper daemon for the cluster tests (Redis, HAProxy, nginx) run as a child on a free loopback port: started only
 * once it alone listens there ({@link PortOwners}), on a new port when another program took the one picked (as a
 * gateway in the other failsafe fork may), its output in a file of its own under {@code target/cluster-it}, its stdin
 * {@code /dev/null}. {@link #close} kills it and waits. Used from one test thread.
 */
public final class LoopbackProcess implements AutoCloseable {
  /** How many ports a start tries before giving up (each picked free, each possibly taken before the bind). */
  public static final int ATTEMPTS = 5;
  /** How long a port may stay another program's before the start gives it up (when the log does not say so). */
  private static final Duration TAKEN = Duration.ofSeconds(5);
  private static final String IN_USE = "Address already in use";

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final Instant begun = Instant.now();

  private LoopbackProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Where ports come from. */
  @FunctionalInterface
  public interface Ports {
    int next() throws IOException;
  }

  /** What to run to listen on {@code port} (it may write files for it first). */
  @FunctionalInterface
  public interface Launch {
    Command on(int port) throws Exception;
  }

  /** A command line, and what it gets in its environment beside the test JVM's. */
  public record Command(List<String> argv, Map<String, String> env) {
    public Command(List<String> argv) {
      this(argv, Map.of());
    }
  }

  /** Where {@code name} (e.g. {@code redis-server}) is installed, if it is. */
  public static Optional<Path> binary(String name) {
    return List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin").stream()
        .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }

  /** A port nothing listens on now (the caller binds it next; another program may take it first). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@link #start(String, Launch, Ports)} on free ports. */
  public static LoopbackProcess start(String name, Launch launch) throws Exception {
    return start(name, launch, LoopbackProcess::freePort);
  }

  /**
   * Runs {@code launch} on a port from {@code ports} until it alone listens there; when another program holds the
   * port (the child says {@code Address already in use}, or the port stays someone else's for a few seconds), the
   * child is killed and the next port tried, {@link #ATTEMPTS} in all. A child that exits otherwise fails at once.
   */
  public static LoopbackProcess start(String name, Launch launch, Ports ports) throws Exception {
    List<String> taken = new ArrayList<>();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int port = ports.next();
      try {
        return attempt(name, launch.on(port), port);
      } catch (PortTaken e) {
        taken.add(e.getMessage());
      }
    }
    throw new IOException(name + " found its port taken on every attempt:\n" + String.join("\n", taken));
  }

  private static LoopbackProcess attempt(String name, Command command, int port) throws IOException {
    Path dir = Files.createDirectories(Path.of("target/cluster-it").toAbsolutePath());
    Path log = Files.createTempFile(dir, name + "-" + port + "-", ".log"); // the other fork may run one too
    ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(command.env());
    LoopbackProcess started = new LoopbackProcess(name, builder.start(), port, log);
    try {
      Awaitility.await(name + " alone listening on " + port).atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50)).until(started::listening);
      return started;
    } catch (RuntimeException e) {
      started.close();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof PortTaken taken) {
          throw taken;
        }
      }
      throw e;
    }
  }

  /** Whether the child (with its descendants) alone listens on its port; {@link PortTaken} if another does. */
  private boolean listening() throws IOException {
    PortOwners.Holder holder = PortOwners.of(port, process.toHandle());
    if (holder == PortOwners.Holder.PROCESS) {
      return true;
    }
    String said = Files.readString(log);
    if (said.contains(IN_USE) || holder == PortOwners.Holder.OTHER && Instant.now().isAfter(begun.plus(TAKEN))) {
      throw new PortTaken(name + " on " + port + " (" + holder + "): " + said.strip());
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + said);
    }
    return false;
  }

  /** Another program holds the port a start picked. */
  private static final class PortTaken extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message);
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
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
