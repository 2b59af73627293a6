package dev.switchboard.gateway;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Hands a slow close (stopping a child takes seconds) to the gateway's closer, or runs it here once that is shut. */
final class Closers {
  private Closers() {}

  static void close(Executor closer, Runnable close) {
    try {
      closer.execute(close);
    } catch (RejectedExecutionException e) {
      close.run(); // late in shutdown: nothing may be left running behind the gateway's back
    }
  }
}
