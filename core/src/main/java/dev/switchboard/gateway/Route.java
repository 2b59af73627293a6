package dev.switchboard.gateway;

import dev.switchboard.upstream.Backend;

/**
 * A configured server as the gateway runs it: the backend that starts its children, the policy serving its sessions,
 * and the lane serving its 2026-07-28 (sessionless) requests.
 */
record Route(Backend backend, Dispatcher dispatcher, StatelessLane lane) {
  void tick(long now) {
    dispatcher.tick(now);
    lane.tick(now);
  }

  void close() {
    dispatcher.close();
    lane.close();
  }
}
