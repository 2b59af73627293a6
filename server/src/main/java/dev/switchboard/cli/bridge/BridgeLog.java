package dev.switchboard.cli.bridge;

import java.io.PrintStream;
import java.time.Instant;

/**
 * The bridge's own log, on stderr or in the {@code --log-file}: a few plain lines, so that no logging framework
 * starts on the bridge's path and nothing ever reaches stdout. {@link #say} and {@link #debug} print only with
 * {@code -v}; {@link #warn} always. Thread safe ({@link PrintStream} serializes lines).
 */
final class BridgeLog {
  private final PrintStream sink;
  private final boolean verbose;

  BridgeLog(PrintStream sink, boolean verbose) {
    this.sink = sink;
    this.verbose = verbose;
  }

  /** A log that drops everything; for tests. */
  static BridgeLog quiet() {
    return new BridgeLog(new PrintStream(PrintStream.nullOutputStream()), false);
  }

  boolean verbose() {
    return verbose;
  }

  void say(String line) {
    if (verbose) {
      print("", line);
    }
  }

  void debug(String line) {
    say(line);
  }

  void warn(String line) {
    print("warning: ", line);
  }

  private void print(String prefix, String line) {
    sink.println(Instant.now() + " switchboard bridge: " + prefix + line);
  }
}
