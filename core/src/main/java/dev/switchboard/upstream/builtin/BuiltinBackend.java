package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.BackendState;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.StderrLog;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamExit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A built-in server as a backend: each connection is an {@link InProcessUpstream} over the same server object, and
 * closing the backend closes the server (its watchers and threads). Thread safe.
 */
public final class BuiltinBackend implements Backend {
  private final String name;
  private final BuiltinServer server;
  private final StderrLog log = new StderrLog(16);
  private final AtomicInteger live = new AtomicInteger();

  public BuiltinBackend(String name, BuiltinServer server) {
    this.name = name;
    this.server = server;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Upstream connect(Upstream.Listener listener) {
    return open(listener, null);
  }

  /** A connection for the sessions of {@code principal}: its tools can tell whose call they serve. */
  @Override
  public Upstream connect(Upstream.Listener listener, String principal) {
    return open(listener, principal);
  }

  private Upstream open(Upstream.Listener listener, @Nullable String principal) {
    live.incrementAndGet();
    return new InProcessUpstream(server, new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {
        listener.onMessage(message);
      }

      @Override
      public void onClosed(UpstreamExit exit) {
        live.decrementAndGet();
        listener.onClosed(exit);
      }
    }, principal);
  }

  @Override
  public BackendStatus status() {
    return new BackendStatus(name, "builtin:" + server.name(), BackendState.RUNNING, live.get(), null);
  }

  @Override
  public StderrLog log() {
    return log;
  }

  @Override
  public void close() {
    server.close();
  }
}
