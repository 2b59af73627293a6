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
  private ProcessTrees() {}

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
