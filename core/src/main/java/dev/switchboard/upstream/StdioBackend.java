package dev.switchboard.upstream;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Message;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stdio server: every {@link #connect} spawns a child, within this server's {@code pool.max} and the gateway-wide
 * {@link ChildLimits}. It keeps health honest from what its children do — a spawn failure or a child that dies before
 * answering marks it FAILED; repeated unexpected exits within the window mark it CRASH_LOOP, during which connects
 * fail fast with the stderr tail — and records each child in the {@link ChildLedger}. Thread safe.
 */
public final class StdioBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(StdioBackend.class);

  private final ServerSpec spec;
  private final int maxLine;
  private final StderrLog log;
  private final ChildLimits limits;
  private final @Nullable ChildLedger ledger;
  private final Semaphore perServer;
  private final FailureHistory failures;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicReference<BackendState> state = new AtomicReference<>(BackendState.READY);
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();

  public StdioBackend(ServerSpec spec, int maxLine, @Nullable LogFile stderrFile, ChildLimits limits,
      @Nullable ChildLedger ledger) {
    this.spec = spec;
    this.maxLine = maxLine;
    this.log = new StderrLog(1000, stderrFile);
    this.limits = limits;
    this.ledger = ledger;
    UpstreamPolicy p = spec.policy();
    this.perServer = new Semaphore(p.max(), true);
    this.failures = new FailureHistory(p.maxFailures(), p.failureWindow(), p.backoffInitial(), p.backoffMax());
  }

  @Override
  public java.util.List<String> roots() {
    java.nio.file.Path base = spec.cwd() == null ? java.nio.file.Path.of("") : spec.cwd();
    java.util.List<String> out = new java.util.ArrayList<>();
    for (var r : spec.options().path("roots")) {
      if (r.isString()) {
        out.add(base.resolve(r.asString()).toAbsolutePath().normalize().toUri().toString());
      }
    }
    return java.util.List.copyOf(out);
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public UpstreamPolicy policy() {
    return spec.policy();
  }

  @Override
  public FailureHistory failures() {
    return failures;
  }

  @Override
  public Upstream connect(Upstream.Listener listener) {
    if (failures.isCrashLooping()) {
      throw new UpstreamException(spec.name(), "MCP server '" + spec.name() + "' is in a crash loop ("
          + spec.policy().maxFailures() + " failures within " + spec.policy().failureWindow().toSeconds()
          + " s); last error: " + lastError.get());
    }
    ChildLimits.acquire(perServer, spec.name(), "it already runs " + spec.policy().max() + " (pool.max)",
        limits.acquireTimeout());
    try {
      limits.acquireChild(spec.name());
    } catch (UpstreamException e) {
      perServer.release();
      throw e;
    }
    return spawn(listener);
  }

  private Upstream spawn(Upstream.Listener listener) {
    try {
      Watch watch = new Watch(listener);
      StdioUpstream upstream = limits.spawning(spec.name(), () -> StdioUpstream.start(spec, maxLine, log, watch));
      live.incrementAndGet();
      watch.pid = upstream.pid();
      if (ledger != null) {
        ledger.record(upstream.process());
      }
      LOG.info("child started: server={} pid={}", spec.name(), upstream.pid());
      return upstream;
    } catch (UpstreamException e) {
      release();
      failures.failed();
      fail(e.getMessage());
      throw e;
    }
  }

  @Override
  public BackendStatus status() {
    BackendState s = failures.isCrashLooping() ? BackendState.CRASH_LOOP : state.get();
    return new BackendStatus(spec.name(), "stdio", s, live.get(), lastError.get());
  }

  @Override
  public StderrLog log() {
    return log;
  }

  private void release() {
    perServer.release();
    limits.releaseChild();
  }

  private void fail(String why) {
    state.set(BackendState.FAILED);
    lastError.set(why);
  }

  /** Sees every child's traffic to keep the health state honest, and releases its room when it exits. */
  private final class Watch implements Upstream.Listener {
    private final Upstream.Listener delegate;
    private volatile boolean answered;
    private volatile long pid = -1;

    Watch(Upstream.Listener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onMessage(Message message) {
      if (!answered) {
        answered = true;
        failures.succeeded();
        state.set(BackendState.RUNNING);
        lastError.set(null);
      }
      delegate.onMessage(message);
    }

    @Override
    public void onClosed(UpstreamExit exit) {
      live.decrementAndGet();
      release();
      if (ledger != null && pid > 0) {
        ledger.forget(pid);
      }
      LOG.info("child exited: server={} exitCode={} expected={}", exit.server(), exit.exitCode(), exit.expected());
      if (!exit.expected()) {
        failures.failed();
        lastError.set(exit.describe());
        if (!answered) {
          fail(exit.describe());
        }
      }
      delegate.onClosed(exit);
    }
  }
}
