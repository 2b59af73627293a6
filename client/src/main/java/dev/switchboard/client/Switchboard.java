package dev.switchboard.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point for code that talks to the local Switchboard: {@link #discover()} finds the running daemon from
 * {@code $SWITCHBOARD_HOME/state.json} (default {@code ~/.switchboard}), and {@link #shared} hands out one lazily
 * connected client per server URL for the whole JVM, closed when the JVM exits. Thread safe.
 */
public final class Switchboard {
  private static final Map<URI, Client> SHARED = new ConcurrentHashMap<>();
  private static final AtomicBoolean HOOK = new AtomicBoolean();

  private Switchboard() {}

  /** The running daemon of this user's Switchboard home, if there is one. */
  public static Optional<LocalDaemon> discover() {
    return discover(System.getenv());
  }

  /** As {@link #discover()}, reading {@code SWITCHBOARD_HOME} from {@code env}. */
  public static Optional<LocalDaemon> discover(Map<String, String> env) {
    return LocalDaemon.read(home(env).resolve("state.json"));
  }

  /**
   * The JVM's client for {@code endpoint}: created (not connected) on first request, then the same object for every
   * caller. Callers should not close it; a closed one is replaced on the next request.
   */
  public static Client shared(URI endpoint) {
    installHook();
    return SHARED.compute(endpoint, (uri, existing) -> existing != null && !existing.isClosed() ? existing
        : Client.http(uri));
  }

  /** The shared client for a server the running daemon serves; throws when no daemon runs. */
  public static Client shared(String server) {
    LocalDaemon daemon = discover().orElseThrow(() -> new ConnectionFailedException(home(System.getenv()).toString(),
        "Switchboard is not running (no live daemon in " + home(System.getenv()).resolve("state.json") + ")", null));
    return shared(daemon.mcpUrl(server));
  }

  static Path home(Map<String, String> env) {
    String home = env.get("SWITCHBOARD_HOME");
    return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".switchboard")
        : Path.of(home).toAbsolutePath();
  }

  private static void installHook() {
    if (HOOK.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> SHARED.values().forEach(Client::close),
          "switchboard-shared-clients"));
    }
  }
}
