package dev.switchboard.upstream;

import dev.switchboard.config.UpstreamLimits;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Gateway-wide bounds on child processes: how many may live at once and how many may be starting at once (a burst
 * of new sessions must not fork-bomb the machine). Waits are bounded; past the deadline the caller gets an
 * {@link UpstreamException} with a clear message. Thread safe.
 */
public final class ChildLimits {
  private final UpstreamLimits limits;
  private final Semaphore children;
  private final Semaphore spawns;

  public ChildLimits(UpstreamLimits limits) {
    this.limits = limits;
    this.children = new Semaphore(limits.maxChildren(), true);
    this.spawns = new Semaphore(limits.maxConcurrentSpawns(), true);
  }

  public Duration acquireTimeout() {
    return limits.acquireTimeout();
  }

  /** Takes room for one more child, waiting up to the acquire timeout; release it when the child is gone. */
  public void acquireChild(String server) {
    acquire(children, server, "the gateway already runs " + limits.maxChildren()
        + " children (gateway.upstreams.maxChildren)");
  }

  public void releaseChild() {
    children.release();
  }

  /** The most children the gateway runs at once ({@code gateway.upstreams.maxChildren}). */
  public int maxChildren() {
    return limits.maxChildren();
  }

  public int liveChildren() {
    return limits.maxChildren() - children.availablePermits();
  }

  /** Runs a spawn while holding one of the concurrent-spawn slots. */
  public <T> T spawning(String server, java.util.function.Supplier<T> spawn) {
    acquire(spawns, server, limits.maxConcurrentSpawns() + " children are already starting "
        + "(gateway.upstreams.maxConcurrentSpawns)");
    try {
      return spawn.get();
    } finally {
      spawns.release();
    }
  }

  private void acquire(Semaphore semaphore, String server, String why) {
    acquire(semaphore, server, why, limits.acquireTimeout());
  }

  static void acquire(Semaphore semaphore, String server, String why, Duration timeout) {
    try {
      if (!semaphore.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new UpstreamException(server, "MCP server '" + server + "' cannot start another child: " + why
            + "; waited " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(server, "interrupted while waiting to start '" + server + "'", e);
    }
  }
}
