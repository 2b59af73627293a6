package dev.switchboard.upstream;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.config.Sharing;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * fail fast with the last error — and records each child in the {@link ChildLedger}.
 *
 * <p>Failures are kept apart by principal (API key) where a child serves one principal's session: the exits of a
 * child connected for a principal ({@link #connect(Upstream.Listener, String)}, or a warm child once
 * {@link #claimed}) count only against that principal, so one key's crashing sessions put only that key in a crash
 * loop, and only that key is told its child's stderr. Failures no principal can be held for — a child that cannot
 * start, a warm child dying unclaimed, a child connected without a principal — count for everyone. Whatever others
 * may see (the status, the crash-loop error of the shared history) quotes a child's stderr only when the child
 * never carried a client's traffic. Thread safe.
 */
public final class StdioBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(StdioBackend.class);

  private final ServerSpec spec;
  private final int maxLine;
  private final StderrLog log;
  private final ChildLimits limits;
  private final @Nullable ChildLedger ledger;
  private final Semaphore perServer;
  /** Failures no principal can be held for; they put the server in a crash loop for everyone. */
  private final FailureHistory failures;
  private final FailureHistory.ByPrincipal byPrincipal;
  private final AtomicInteger live = new AtomicInteger();
  private final ChildCounts counts = new ChildCounts();
  private final AtomicReference<BackendState> state = new AtomicReference<>(BackendState.READY);
  /** For the status everyone sees: never a served child's stderr. */
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();
  /** The last failure of {@link #failures}, told to everyone refused by its crash loop. */
  private final AtomicReference<@Nullable String> sharedError = new AtomicReference<>();
  /** The "command not found" error {@link #checkCommand} reported, until the command is found again. */
  private final AtomicReference<@Nullable String> missing = new AtomicReference<>();
  /** Live children's watches, so a warm child can be told whose session claimed it. */
  private final Map<Upstream, Watch> watches = new ConcurrentHashMap<>();
  /** Whether a child of this entry (which names no protocol) was detected to speak only 2026-07-28. */
  private final java.util.concurrent.atomic.AtomicBoolean detectedStateless =
      new java.util.concurrent.atomic.AtomicBoolean();

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
    this.byPrincipal = new FailureHistory.ByPrincipal(() -> new FailureHistory(p.maxFailures(), p.failureWindow(),
        p.backoffInitial(), p.backoffMax()));
    checkCommand();
  }

  /**
   * Resolves the command now — at load, and again on every reload — so a server whose command cannot be found is
   * {@code failed} in {@code /health} before any client tries it, and is {@code ready} again once it can be found.
   */
  public void checkCommand() {
    if (StdioUpstream.executable(spec).isEmpty()) {
      String why = StdioUpstream.notFound(spec);
      missing.set(why);
      fail(why);
      return;
    }
    String was = missing.getAndSet(null);
    if (was != null && lastError.compareAndSet(was, null)) {
      state.compareAndSet(BackendState.FAILED, BackendState.READY);
    }
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

  /** A child for no known principal: its failures count for everyone (see the class comment). */
  @Override
  public Upstream connect(Upstream.Listener listener) {
    return connect(listener, null, false);
  }

  /**
   * A child for one session of {@code principal}: refused at once while that principal (or the server for everyone)
   * is in a crash loop, and its unexpected exit counts against that principal only.
   */
  @Override
  public Upstream connect(Upstream.Listener listener, String principal) {
    return connect(listener, principal, false);
  }

  /** A warm child, held for a session not yet known: its failures count for everyone until it is {@link #claimed}. */
  public Upstream connectWarm(Upstream.Listener listener) {
    return connect(listener, null, true);
  }

  /** The warm child {@code upstream} now serves a session of {@code principal} (null: of an unknown principal). */
  public void claimed(Upstream upstream, @Nullable String principal) {
    Watch watch = watches.get(upstream);
    if (watch != null) {
      watch.claim(principal);
    }
  }

  private Upstream connect(Upstream.Listener listener, @Nullable String principal, boolean warm) {
    refuseWhileCrashLooping(principal);
    long asked = System.nanoTime();
    try {
      ChildLimits.acquire(perServer, spec.name(), "it already runs " + spec.policy().max() + " (pool.max)",
          limits.acquireTimeout());
      try {
        limits.acquireChild(spec.name());
      } catch (UpstreamException e) {
        perServer.release();
        throw e;
      }
    } finally {
      counts.recordWait(System.nanoTime() - asked);
    }
    return spawn(listener, principal, warm);
  }

  private void refuseWhileCrashLooping(@Nullable String principal) {
    String within = spec.policy().maxFailures() + " failures within " + spec.policy().failureWindow().toSeconds()
        + " s";
    if (failures.isCrashLooping()) {
      throw new UpstreamException(spec.name(), "MCP server '" + spec.name() + "' is in a crash loop (" + within
          + "); last error: " + sharedError.get());
    }
    if (principal != null && byPrincipal.isCrashLooping(principal)) {
      throw new UpstreamException(spec.name(), "MCP server '" + spec.name() + "' is in a crash loop for the "
          + "sessions of '" + principal + "' (" + within + "); last error: " + byPrincipal.lastError(principal));
    }
  }

  private Upstream spawn(Upstream.Listener listener, @Nullable String principal, boolean warm) {
    try {
      StatelessChild stateless = spec.speaksStateless() || detectedStateless.get() ? new StatelessChild(listener)
          : null;
      ProbingChild probing = stateless == null && !spec.namesProtocol()
          ? new ProbingChild(listener, this::detected) : null;
      Watch watch = new Watch(stateless != null ? stateless.childSide() : probing != null ? probing.childSide()
          : listener, principal, warm);
      StdioUpstream upstream = limits.spawning(spec.name(), () -> StdioUpstream.start(spec, maxLine, log, watch));
      live.incrementAndGet();
      counts.recordStart();
      watch.pid = upstream.pid();
      Upstream served = stateless != null ? stateless.bind(upstream) : probing != null ? probing.bind(upstream)
          : upstream;
      watches.put(served, watch);
      if (watch.exited) {
        watches.remove(served); // it died before it was recorded
      }
      if (ledger != null) {
        ledger.record(upstream.process(), ProcessTrees.childrenLeadGroups());
      }
      LOG.info("child started: server={} pid={}", spec.name(), upstream.pid());
      return served;
    } catch (UpstreamException e) {
      release();
      counts.recordEnd(ChildCounts.Ending.FAILED_TO_START);
      failures.failed(); // the server cannot start a child: nobody's doing
      sharedError.set(e.getMessage());
      fail(e.getMessage());
      throw e;
    }
  }

  @Override
  public ChildCounts counts() {
    return counts;
  }

  @Override
  public java.util.List<Long> childPids() {
    return watches.values().stream().filter(w -> !w.exited && w.pid > 0).map(w -> w.pid).toList();
  }

  /**
   * The server's state for everyone: CRASH_LOOP while it is in one for everyone or for some principal (named
   * nowhere here), and a last error that never quotes a served child's stderr.
   */
  @Override
  public BackendStatus status() {
    boolean looping = failures.isCrashLooping() || !byPrincipal.crashLooping().isEmpty();
    BackendState s = looping ? BackendState.CRASH_LOOP : state.get();
    UpstreamPolicy p = spec.policy();
    BackendStatus.ChildSlots slots = p.sharing() == Sharing.SESSION
        ? new BackendStatus.ChildSlots(p.max(), limits.maxChildren()) : null;
    return new BackendStatus(spec.name(), "stdio", s, live.get(), lastError.get(), slots);
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

  /** A child answered the probe as a 2026-07-28-only server: later children are served so without probing. */
  private void detected() {
    if (detectedStateless.compareAndSet(false, true)) {
      LOG.info("MCP server '{}' speaks only {}: detected by probing server/discover after initialize failed; set "
          + "\"protocol\": \"{}\" in its entry to skip the probe", spec.name(), ProtocolVersion.V2026_07_28,
          ProtocolVersion.V2026_07_28);
    }
  }

  /** Sees every child's traffic to keep the health state honest, and releases its room when it exits. */
  private final class Watch implements Upstream.Listener {
    private final Upstream.Listener delegate;
    private final boolean warm;
    private volatile @Nullable String principal;
    private volatile boolean claimed;
    private volatile boolean answered;
    private volatile boolean exited;
    private volatile long pid = -1;

    Watch(Upstream.Listener delegate, @Nullable String principal, boolean warm) {
      this.delegate = delegate;
      this.principal = principal;
      this.warm = warm;
      this.claimed = !warm;
    }

    void claim(@Nullable String who) {
      principal = who;
      claimed = true;
    }

    /**
     * Whether the child never carried a client's traffic, so its stderr is nobody's: a warm child never claimed, or
     * a child of a server whose children the gateway initializes itself ({@code shared}, {@code call}) that died
     * before answering.
     */
    private boolean servedNobody() {
      return warm ? !claimed : spec.policy().sharing() != Sharing.SESSION && !answered;
    }

    @Override
    public void onMessage(Message message) {
      if (!answered) {
        answered = true;
        failures.succeeded();
        String who = principal;
        if (who != null) {
          byPrincipal.succeeded(who);
        }
        state.set(BackendState.RUNNING);
        lastError.set(null);
      }
      delegate.onMessage(message);
    }

    @Override
    public void onClosed(UpstreamExit exit) {
      exited = true;
      live.decrementAndGet();
      release();
      watches.values().remove(this);
      if (ledger != null && pid > 0) {
        ledger.forget(pid);
      }
      LOG.info("child exited: server={} exitCode={} expected={}", exit.server(), exit.exitCode(), exit.expected());
      counts.recordEnd(exit.expected() ? ChildCounts.Ending.STOPPED : ChildCounts.Ending.CRASHED);
      if (!exit.expected()) {
        String who = principal;
        String shown = servedNobody() ? exit.describe() : exit.withoutStderr().describe();
        if (who != null) {
          byPrincipal.failed(who, exit.describe());
        } else {
          failures.failed();
          sharedError.set(shown);
        }
        lastError.set(shown);
        if (!answered) {
          fail(shown);
        }
      }
      delegate.onClosed(exit);
    }
  }
}
