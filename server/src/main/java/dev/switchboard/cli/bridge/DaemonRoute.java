package dev.switchboard.cli.bridge;

import dev.switchboard.client.LocalDaemon;
import dev.switchboard.client.Switchboard;
import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.daemon.StateFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reaches {@code /mcp/NAME} on the home's daemon, found afresh from {@code state.json} for every new session (a
 * restarted daemon may have bound another port), authenticated as the other CLI commands are: the admin token from
 * the state file, else {@code SWITCHBOARD_API_KEY}. When the daemon is down it waits a while for it to come back, and
 * starts one when it may. Stateless apart from its settings; thread safe.
 */
final class DaemonRoute implements Connection.Opener {
  static final String KEY_ENV = "SWITCHBOARD_API_KEY";
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration COMEBACK = Duration.ofSeconds(10);

  private final String server;
  private final Map<String, String> env;
  private final DaemonStarter starter;
  private final BridgeLog log;

  DaemonRoute(String server, Map<String, String> env, DaemonStarter starter, BridgeLog log) {
    this.server = server;
    this.env = Map.copyOf(env);
    this.starter = starter;
    this.log = log;
  }

  /** The running, healthy daemon of this home, if any. */
  static Optional<LocalDaemon> healthy(Map<String, String> env) {
    return Switchboard.discover(env).filter(d -> d.isHealthy(HEALTH_TIMEOUT));
  }

  /**
   * As {@link #healthy}, but a daemon whose process runs and that is slow to answer (still starting, or a busy
   * machine) is asked again for a while rather than passed over for a server of the bridge's own.
   */
  static Optional<LocalDaemon> healthyOrRunning(Map<String, String> env) {
    long deadline = System.nanoTime() + COMEBACK.toNanos();
    Optional<LocalDaemon> daemon = healthy(env);
    while (daemon.isEmpty() && Switchboard.discover(env).isPresent() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100); // a refused connection fails at once: not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return daemon;
      }
      daemon = healthy(env); // each try waits up to HEALTH_TIMEOUT for the answer itself
    }
    return daemon;
  }

  @Override
  public Transport open() throws IOException {
    LocalDaemon daemon = awaitDaemon();
    StreamableHttpTransport.Builder builder = StreamableHttpTransport.builder(daemon.mcpUrl(server));
    key(daemon).ifPresent(k -> builder.header("Authorization", "Bearer " + k));
    return builder.build();
  }

  /** The transport for a daemon already found healthy, without asking again (the fast path at launch). */
  Transport open(LocalDaemon daemon) {
    StreamableHttpTransport.Builder builder = StreamableHttpTransport.builder(daemon.mcpUrl(server));
    key(daemon).ifPresent(k -> builder.header("Authorization", "Bearer " + k));
    return builder.build();
  }

  private LocalDaemon awaitDaemon() throws IOException {
    long deadline = System.nanoTime() + COMEBACK.toNanos();
    boolean started = false;
    while (true) {
      Optional<LocalDaemon> daemon = healthy(env);
      if (daemon.isPresent()) {
        return daemon.get();
      }
      if (!started && Switchboard.discover(env).isEmpty() && starter.mayStart()) {
        started = true;
        starter.start();
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("no Switchboard daemon answers for home " + home() + (starter.mayStart() ? ""
            : " (--no-start)"));
      }
      pause();
    }
  }

  private Optional<String> key(LocalDaemon daemon) {
    Optional<String> token = StateFile.read(daemon.stateFile()).filter(s -> s.pid() == daemon.pid())
        .map(StateFile::adminToken).filter(t -> !t.isBlank());
    return token.or(() -> Optional.ofNullable(env.get(KEY_ENV)).map(String::strip).filter(k -> !k.isEmpty()));
  }

  private Path home() {
    String home = env.get("SWITCHBOARD_HOME");
    return home == null ? Path.of(System.getProperty("user.home"), ".switchboard") : Path.of(home);
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("waiting for the daemon was interrupted");
    }
    log.debug("waiting for the Switchboard daemon of " + home());
  }
}
