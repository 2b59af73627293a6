package dev.switchboard.cli.client;

import picocli.CommandLine.Option;

/** How a client command reaches its server; shared by {@code tools}, {@code call} and {@code review}. */
final class ConnectOptions {
  @Option(names = "--no-daemon", description = "Do not use a running Switchboard; run the server in this process")
  boolean noDaemon;

  @Option(names = {"-v", "--verbose"}, description = "Say on stderr how the server was reached")
  boolean verbose;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for each answer (default: ${DEFAULT-VALUE})")
  int timeoutSeconds = 30;
}
