package dev.switchboard.transport.socket;

import dev.switchboard.config.GroupSpec;
import dev.switchboard.config.ListenAddress;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.gateway.Gateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code listen} address of every configured server and group, bound at start. Adding or changing addresses takes a
 * restart (a reload reports it); a server removed by a reload keeps its listener, whose new connections are then
 * refused with "no such server". {@link #close} is idempotent.
 */
public final class SocketListeners implements AutoCloseable {
  private final List<SocketListener> listeners;

  private SocketListeners(List<SocketListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Binds them all, or none: when one fails, those already bound are closed and the failure is thrown. */
  public static SocketListeners start(Gateway gateway) throws IOException {
    List<SocketListener> started = new ArrayList<>();
    try {
      for (ServerSpec spec : gateway.config().servers().values()) {
        for (ListenAddress address : spec.listen()) {
          started.add(SocketListener.start(gateway, spec.name(), address));
        }
      }
      for (GroupSpec group : gateway.config().gateway().groups().values()) {
        for (ListenAddress address : group.listen()) {
          started.add(SocketListener.start(gateway, group.name(), address));
        }
      }
      return new SocketListeners(started);
    } catch (IOException | RuntimeException e) {
      started.forEach(SocketListener::close);
      throw e;
    }
  }

  public List<SocketListener> listeners() {
    return listeners;
  }

  @Override
  public void close() {
    listeners.forEach(SocketListener::close);
  }
}
