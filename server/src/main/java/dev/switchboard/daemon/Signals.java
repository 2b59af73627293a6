package dev.switchboard.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP means "reload the configuration", as for most Unix daemons. Handling it also stops a terminal hang-up
 * from killing a daemon started from that terminal. Windows has no SIGHUP; there, {@code switchboard reload} is the
 * way.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  @SuppressWarnings("restriction")
  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal ->
          Thread.ofVirtual().name("sighup").start(action));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.debug("SIGHUP is not available here: {}", e.toString());
    }
  }
}
