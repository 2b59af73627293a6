package dev.switchboard.daemon;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Home;
import dev.switchboard.gateway.Reload;
import dev.switchboard.protocol.Json;
import dev.switchboard.transport.http.AdminActions;
import dev.switchboard.upstream.ChildLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The daemon as the machine sees it: the single-instance lock, the PID and state files, the JSON log file, the
 * config watcher and SIGHUP, all tied to one {@link Daemon}. {@link #close} undoes them in reverse order and is
 * idempotent; it runs from the shutdown hook on SIGTERM / Ctrl-C.
 */
public final class ManagedDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedDaemon.class);

  private final Home home;
  private final Supplier<Config> configSource;
  private final List<Path> launchers;
  private final @Nullable Path configFile;
  private final InstanceLock lock;
  private final String adminToken = newToken();
  private final Daemon daemon;
  private @Nullable ConfigWatcher watcher;

  private ManagedDaemon(Home home, Config config, Supplier<Config> configSource, List<Path> launchers,
      InstanceLock lock) {
    this.home = home;
    this.configSource = configSource;
    this.launchers = List.copyOf(launchers);
    this.configFile = config.source();
    this.lock = lock;
    this.daemon = new Daemon(CliKey.grant(config, adminToken), adminActions(), home.logDir().resolve("servers"),
        ledger(home));
  }

  /** Thrown when another daemon holds this home. */
  public static final class AlreadyRunning extends Exception {
    public AlreadyRunning(String message) {
      super(message);
    }
  }

  /**
   * Claims the home, starts serving, and publishes the PID and state. {@code configSource} re-reads the config for
   * reloads (with the same flag and environment overrides).
   */
  public static ManagedDaemon start(Home home, Config config, Supplier<Config> configSource, boolean console)
      throws Exception {
    return start(home, config, configSource, console, List.of());
  }

  /**
   * As above; a server whose command is one of {@code launchers} (the scripts that start this gateway) is refused,
   * like one that points at the gateway's own address, with a {@link ConfigException} naming it.
   */
  public static ManagedDaemon start(Home home, Config config, Supplier<Config> configSource, boolean console,
      List<Path> launchers) throws Exception {
    refuseLoops(config, null, launchers, home);
    home.ensure();
    Optional<InstanceLock> lock = InstanceLock.tryAcquire(home.lockFile());
    if (lock.isEmpty()) {
      String url = StateFile.read(home.stateFile()).map(StateFile::url).orElse("(starting)");
      throw new AlreadyRunning("Switchboard is already running for " + home.dir() + " at " + url);
    }
    Logging.toFile(home.logFile(), config.gateway().logging(), console);
    ManagedDaemon managed = new ManagedDaemon(home, config, configSource, launchers, lock.get());
    try {
      managed.daemon.start();
      refuseLoops(config, managed.daemon.url(), launchers, home); // the port it got, when the configured one was taken
      managed.publish();
      managed.watch();
      return managed;
    } catch (Exception e) {
      managed.close();
      throw e;
    }
  }

  public Daemon daemon() {
    return daemon;
  }

  /** What the local control endpoint may do; not implemented by this class, so the HTTP layer stays unexported. */
  private AdminActions adminActions() {
    return new AdminActions() {
      @Override
      public String token() {
        return adminToken;
      }

      @Override
      public ObjectNode reload() {
        ObjectNode out = ManagedDaemon.this.reload();
        var cluster = daemon.cluster();
        if (cluster != null && out.path("ok").asBoolean(false)) {
          cluster.broadcastReload(); // `switchboard reload` on one node reloads every node (each its own file)
        }
        return out;
      }

      @Override
      public ObjectNode check() {
        return ManagedDaemon.this.check();
      }

      @Override
      public ObjectNode activity() {
        return ManagedDaemon.this.activity();
      }

      @Override
      public ObjectNode stop() {
        // a platform thread: the request thread answers now, while the stop drains and closes the listener
        Thread.ofPlatform().name("admin-stop").start(ManagedDaemon.this::close);
        return ManagedDaemon.this.activity();
      }
    };
  }

  private ObjectNode reload() {
    return answer(true, next -> {
      Reload result = daemon.reload(next);
      LOG.info("configuration reloaded: {}", result);
      if (result.restartNeeded()) {
        LOG.warn("these settings keep their running values until a restart: {}", result.needsRestart());
      }
      return result;
    });
  }

  private ObjectNode activity() {
    return Activity.of(daemon.state(), daemon.gateway().sessions(), daemon.gateway().config().gateway()
        .shutdownGrace());
  }

  private ObjectNode check() {
    return answer(false, daemon::preview).put("dryRun", true);
  }

  /** Re-reads the configuration and hands it to {@code action}; an unusable one is an answer, not a failure. */
  private ObjectNode answer(boolean applying, java.util.function.Function<Config, Reload> action) {
    try {
      ObjectNode applied = action.apply(prepare(configSource.get(), daemon.url())).toJson().put("ok", true);
      if (applying) {
        daemon.reloaded(true);
      }
      return applied;
    } catch (ConfigException e) {
      if (applying) {
        daemon.reloaded(false);
        LOG.error("configuration not reloaded: {}", e.getMessage());
      }
      var out = Json.object().put("ok", false).put("error", e.getMessage());
      e.problems().forEach(p -> out.withArray("problems").add(p.toString()));
      return out;
    }
  }

  /** Refuses a config with a server that would loop back into this gateway, then adds the CLI's key. */
  private Config prepare(Config config, @Nullable String runningUrl) {
    refuseLoops(config, runningUrl, launchers, home);
    return CliKey.grant(config, adminToken);
  }

  /**
   * Throws a {@link ConfigException} naming every server that would reach this gateway (at its configured address,
   * or at {@code runningUrl} where it actually listens, or through one of {@code launchers}).
   */
  private static void refuseLoops(Config config, @Nullable String runningUrl, List<Path> launchers, Home home) {
    var gw = config.gateway();
    List<String> bases = new java.util.ArrayList<>(List.of("http://" + (gw.host().contains(":") ? "[" + gw.host()
        + "]" : gw.host()) + ":" + gw.port()));
    if (runningUrl != null) {
      bases.add(runningUrl);
    }
    var loops = SelfLoop.of(bases, launchers).withHome(home.dir()).problems(config);
    if (!loops.isEmpty()) {
      throw new ConfigException(String.valueOf(config.source()), loops);
    }
  }

  private void publish() throws IOException {
    PidFile self = PidFile.ofCurrentProcess();
    var gw = daemon.gateway().config().gateway();
    // state.json first: whoever finds the PID file also finds the start instant that identifies the process
    new StateFile(self.pid(), daemon.url(), gw.host(), daemon.port(), Instant.now(), self.processStart(),
        Version.current(), configFile == null ? null : configFile.toString(), home.logFile().toString(), adminToken)
        .write(home.stateFile());
    self.write(home.pidFile());
  }

  private void watch() throws IOException {
    Path file = configFile != null ? configFile : home.defaultConfig();
    Path dir = file.toAbsolutePath().getParent(); // the directory ConfigWatcher watches
    if (dir != null && Files.isDirectory(dir)) {
      watcher = new ConfigWatcher(file, this::reload);
    }
    Signals.onHangup(this::reload);
    var cluster = daemon.cluster();
    if (cluster != null) {
      cluster.onReload(this::reload); // another node's broadcast: re-read this node's own file, tell no one
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    daemon.close();
    if (PidFile.read(home).map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false)) {
      Instance.cleanUp(home);
    }
    lock.close();
  }

  /** Children left behind by a previous gateway that died without cleaning up are stopped before we start ours. */
  private static ChildLedger ledger(Home home) {
    ChildLedger ledger = new ChildLedger(home.dir().resolve("children"));
    int reaped = ledger.reapOrphans();
    if (reaped > 0) {
      LOG.warn("stopped {} orphaned children of a previous Switchboard", reaped);
    }
    return ledger;
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
