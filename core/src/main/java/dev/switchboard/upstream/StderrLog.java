package dev.switchboard.upstream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The last lines a server's children wrote to stderr, bounded in lines and in characters per line, so a chatty or
 * hostile child cannot grow gateway memory. Thread safe: drainer threads append, anyone reads.
 */
public final class StderrLog {
  private static final int MAX_LINE_CHARS = 4096;

  private final int capacity;
  private final ArrayDeque<String> lines;
  private final ReentrantLock lock = new ReentrantLock();
  private final @Nullable LogFile file;
  private long total;

  public StderrLog(int capacity) {
    this(capacity, null);
  }

  /** With {@code file}, every line is also appended there (rotated by size), for {@code switchboard logs --server}. */
  public StderrLog(int capacity, @Nullable LogFile file) {
    this.capacity = capacity;
    this.lines = new ArrayDeque<>(Math.min(capacity, 256));
    this.file = file;
  }

  public void append(String line) {
    String bounded = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
    lock.lock();
    try {
      if (lines.size() == capacity) {
        lines.removeFirst();
      }
      lines.addLast(bounded);
      total++;
      if (file != null) {
        file.append(bounded);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The newest {@code n} lines, oldest first. */
  public List<String> tail(int n) {
    lock.lock();
    try {
      List<String> all = new ArrayList<>(lines);
      return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    } finally {
      lock.unlock();
    }
  }

  /** Lines ever appended, including those no longer kept. */
  public long total() {
    lock.lock();
    try {
      return total;
    } finally {
      lock.unlock();
    }
  }
}
