package dev.switchboard.cli.client;

import dev.switchboard.client.schema.Progress;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Shows a call's progress on stderr: one line rewritten in place on a terminal, a line per update otherwise. Called
 * on the client's event thread, one update at a time; {@link #finish()} runs after the call returned.
 */
final class ProgressLine implements Consumer<Progress> {
  private final PrintWriter err;
  private final boolean terminal;
  private volatile boolean shown;

  ProgressLine(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void accept(Progress progress) {
    String line = ProgressText.of(progress);
    if (terminal) {
      err.print("\r" + line + "\u001b[K");
    } else {
      err.println(line);
    }
    err.flush();
    shown = true;
  }

  /** Ends the rewritten line, so what follows starts on its own. */
  void finish() {
    if (terminal && shown) {
      err.println();
      err.flush();
    }
  }
}
