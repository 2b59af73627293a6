package dev.switchboard.upstream;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.protocol.Message;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stdio server: every {@link #connect} spawns a dedicated child. It tracks health from what its children do: a
 * spawn failure or a child that dies before answering anything marks it FAILED with the cause; an answer marks it
 * RUNNING. Thread safe.
 */
public final class StdioBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(StdioBackend.class);

  private final ServerSpec spec;
  private final int maxLine;
  private final StderrLog log;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicReference<BackendState> state = new AtomicReference<>(BackendState.READY);
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();

  public StdioBackend(ServerSpec spec, int maxLine, @Nullable LogFile stderrFile) {
    this.spec = spec;
    this.maxLine = maxLine;
    this.log = new StderrLog(1000, stderrFile);
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public Upstream connect(Upstream.Listener listener) {
    try {
      StdioUpstream upstream = StdioUpstream.start(spec, maxLine, log, new Watch(listener));
      live.incrementAndGet();
      LOG.info("child started: server={} pid={}", spec.name(), upstream.pid());
      return upstream;
    } catch (UpstreamException e) {
      fail(e.getMessage());
      throw e;
    }
  }

  @Override
  public BackendStatus status() {
    return new BackendStatus(spec.name(), "stdio", state.get(), live.get(), lastError.get());
  }

  @Override
  public StderrLog log() {
    return log;
  }

  private void fail(String why) {
    state.set(BackendState.FAILED);
    lastError.set(why);
  }

  /** Sees every connection's traffic to keep the health state honest. */
  private final class Watch implements Upstream.Listener {
    private final Upstream.Listener delegate;
    private volatile boolean answered;

    Watch(Upstream.Listener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onMessage(Message message) {
      if (!answered) {
        answered = true;
        state.set(BackendState.RUNNING);
        lastError.set(null);
      }
      delegate.onMessage(message);
    }

    @Override
    public void onClosed(UpstreamExit exit) {
      live.decrementAndGet();
      LOG.info("child exited: server={} exitCode={} expected={}", exit.server(), exit.exitCode(), exit.expected());
      if (!exit.expected() && !answered) {
        fail(exit.describe());
      }
      delegate.onClosed(exit);
    }
  }
}
