package dev.switchboard.bench;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import java.nio.file.Path;

/**
 * The gateway under test in its own JVM: {@code GatewayMain <config.json>} starts a {@link Daemon} exactly as
 * {@code switchboard run} does, prints {@code PORT n}, and shuts down gracefully when stdin closes.
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) throws Exception {
    Daemon daemon = new Daemon(ConfigLoader.load(Path.of(args[0]))).start();
    System.out.println("PORT " + daemon.port());
    System.out.flush();
    ChildJvm.awaitStdinEof();
    daemon.close();
    System.exit(0);
  }
}
