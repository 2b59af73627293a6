package dev.switchboard.upstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and everything it started ({@code npx} → {@code node} → …): TERM to the whole tree, then KILL to
 * whatever is left after a deadline. Descendants are collected before signalling, because a parent that dies first
 * orphans its children out of reach. Blocking; call from the thread that owns the process.
 */
public final class ProcessTrees {
  /**
   * {@code setsid} where the gateway runs (Linux; not on Windows, nor on a stock macOS), found once. A child started
   * through it leads its own session and process group, so the grandchildren it leaves behind when it exits can still
   * be found by their group after a gateway crash ({@link ChildLedger}). Without it children stay in the gateway's
   * group, as before.
   */
  private static final java.util.Optional<java.nio.file.Path> SETSID = System.getProperty("os.name", "")
      .toLowerCase(java.util.Locale.ROOT).startsWith("win") ? java.util.Optional.empty()
          : CommandResolver.resolve("setsid", System.getenv(), java.nio.file.Path.of("/"));

  private ProcessTrees() {}

  /** Whether {@link #ownGroup} starts children as leaders of their own session and process group. */
  public static boolean childrenLeadGroups() {
    return SETSID.isPresent();
  }

  /**
   * {@code argv} run in a session and process group of its own where {@code setsid} exists. The child is not a group
   * leader when it execs {@code setsid} (it is in the gateway's group), so {@code setsid} does not fork: the PID the
   * gateway knows stays the server's.
   */
  static java.util.List<String> ownGroup(java.util.List<String> argv) {
    if (SETSID.isEmpty()) {
      return argv;
    }
    var out = new java.util.ArrayList<String>(argv.size() + 1);
    out.add(SETSID.get().toString());
    out.addAll(argv);
    return out;
  }

  /**
   * Signals every process of {@code tree} (taken before the root was asked to stop, so orphans are still known) and
   * any descendant the root still has; returns once the root has exited (reaped).
   */
  public static void stop(Process root, List<ProcessHandle> snapshot, Duration termGrace, Duration killGrace) {
    var tree = new java.util.LinkedHashSet<ProcessHandle>(snapshot(root.toHandle()));
    tree.addAll(snapshot);
    tree.removeIf(h -> !h.isAlive());
    tree.forEach(ProcessHandle::destroy);
    if (!awaitAll(tree, termGrace)) {
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      awaitAll(tree, killGrace);
    }
    waitQuietly(root, killGrace);
  }

  /** The process and all its live descendants, deepest first so children go before their parents. */
  public static List<ProcessHandle> snapshot(ProcessHandle root) {
    var all = new java.util.ArrayList<ProcessHandle>(root.descendants().toList());
    java.util.Collections.reverse(all);
    all.add(root);
    return all;
  }

  private static boolean awaitAll(java.util.Collection<ProcessHandle> tree, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        // onExit never completes exceptionally; treat as gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static void waitQuietly(Process process, Duration grace) {
    awaitExit(process, grace);
  }

  /**
   * Whether the process exited within {@code grace}. Waits on {@link Process#onExit()}, never {@code waitFor}: on
   * Java 21 {@code waitFor} is a monitor wait that pins a virtual thread's carrier, and closers are virtual threads.
   */
  public static boolean awaitExit(Process process, Duration grace) {
    try {
      process.onExit().get(grace.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
