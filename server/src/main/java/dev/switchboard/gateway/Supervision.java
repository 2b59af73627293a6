package dev.switchboard.gateway;

import dev.switchboard.config.UpstreamPolicy;
import java.util.concurrent.Executor;

/** The periodic care every link gets: overdue requests time out, and a server silent for too long is pinged. */
final class Supervision {
  private Supervision() {}

  static void tick(Link link, UpstreamPolicy policy, long now, Executor closer) {
    link.expire(now);
    long interval = policy.pingInterval().toNanos();
    if (interval > 0 && link.isOpen() && link.idleNanos() > interval) {
      link.probe(policy.pingTimeout(), closer);
    }
  }
}
