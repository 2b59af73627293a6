package dev.switchboard.upstream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Recent unexpected exits of one server's children: enough of them within the window is a crash loop, during which
 * new work fails fast instead of spawning again; replacements wait an exponentially growing backoff. Thread safe.
 */
public final class FailureHistory {
  private final int maxFailures;
  private final Duration window;
  private final Duration initial;
  private final Duration max;
  private final ArrayDeque<Long> failures = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private int consecutive;

  public FailureHistory(int maxFailures, Duration window, Duration initial, Duration max) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.initial = initial;
    this.max = max;
  }

  public void failed() {
    lock.lock();
    try {
      failures.addLast(System.nanoTime());
      consecutive++;
      trim();
    } finally {
      lock.unlock();
    }
  }

  /** A child answered: the streak of failures is over (the window still remembers them). */
  public void succeeded() {
    lock.lock();
    try {
      consecutive = 0;
    } finally {
      lock.unlock();
    }
  }

  public boolean isCrashLooping() {
    lock.lock();
    try {
      trim();
      return failures.size() >= maxFailures && consecutive > 0;
    } finally {
      lock.unlock();
    }
  }

  /** How long to wait before the next replacement: 0 after a success, then initial × 2ⁿ up to the maximum. */
  public Duration backoff() {
    lock.lock();
    try {
      if (consecutive == 0) {
        return Duration.ZERO;
      }
      long millis = initial.toMillis() << Math.min(20, consecutive - 1);
      return Duration.ofMillis(Math.min(millis, max.toMillis()));
    } finally {
      lock.unlock();
    }
  }

  /** Whether no failure is left within the window (a streak alone is not worth keeping a principal's entry for). */
  boolean isForgotten() {
    lock.lock();
    try {
      trim();
      return failures.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  private void trim() {
    long horizon = System.nanoTime() - window.toNanos();
    while (!failures.isEmpty() && failures.peekFirst() - horizon < 0) {
      failures.removeFirst();
    }
  }

  /**
   * One history per principal (an API key's name), for servers whose children each serve one principal's session:
   * one key's crashing children put only that key in a crash loop, and the last error — which quotes the child's
   * stderr — is told only to that key. Thread safe; entries with nothing left to remember are pruned, so memory is
   * bounded by the principals failing within the window.
   */
  public static final class ByPrincipal {
    private static final int PRUNE_ABOVE = 1_000;

    private final Supplier<FailureHistory> factory;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(FailureHistory history, AtomicReference<String> lastError) {}

    /** {@code factory} makes each principal's history, with the server's limits. */
    public ByPrincipal(Supplier<FailureHistory> factory) {
      this.factory = factory;
    }

    /** An unexpected exit of a child that served {@code principal}; {@code error} may quote its stderr. */
    public void failed(String principal, String error) {
      if (entries.size() > PRUNE_ABOVE) {
        entries.values().removeIf(e -> e.history().isForgotten());
      }
      Entry entry = entries.computeIfAbsent(principal, p -> new Entry(factory.get(), new AtomicReference<>("")));
      entry.lastError().set(error);
      entry.history().failed();
    }

    /** A child serving {@code principal} answered: that principal's streak is over. */
    public void succeeded(String principal) {
      Entry entry = entries.get(principal);
      if (entry != null) {
        entry.history().succeeded();
      }
    }

    public boolean isCrashLooping(String principal) {
      Entry entry = entries.get(principal);
      return entry != null && entry.history().isCrashLooping();
    }

    /** The principal's own last error (with its child's stderr): for that principal only. */
    public String lastError(String principal) {
      Entry entry = entries.get(principal);
      return entry == null ? "" : entry.lastError().get();
    }

    /** Principals now in a crash loop, by name only (for operators: no errors, no stderr). */
    public List<String> crashLooping() {
      return entries.entrySet().stream().filter(e -> e.getValue().history().isCrashLooping())
          .map(Map.Entry::getKey).sorted().toList();
    }
  }
}
