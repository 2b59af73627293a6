package dev.switchboard.upstream;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain text log file bounded by size: when it passes {@code maxBytes} it becomes {@code NAME.1} (replacing the
 * previous one), so a server's stderr never takes more than twice that on disk. The file stays open between lines;
 * about once a second it checks that the path still names that file (someone may have moved or deleted it) and
 * opens it afresh if not. When writing fails, lines are dropped and opening is retried after a back-off (doubling
 * from {@link #FIRST_RETRY} to {@link #LAST_RETRY}); the failure is logged once at warn, the recovery at info.
 * Thread safe.
 */
public final class LogFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogFile.class);
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration LAST_RETRY = Duration.ofSeconds(30);
  static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final Path path;
  private final long maxBytes;
  private final LongSupplier nanoClock;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable FileOutputStream out;
  private @Nullable Object fileKey;
  private long size;
  private long checkedAt;
  private boolean failing;
  private long retryAt;
  private Duration backoff = FIRST_RETRY;
  private long dropped;

  public LogFile(Path path, long maxBytes) {
    this(path, maxBytes, System::nanoTime);
  }

  LogFile(Path path, long maxBytes, LongSupplier nanoClock) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.nanoClock = nanoClock;
  }

  public Path path() {
    return path;
  }

  void append(String line) {
    byte[] bytes = (Instant.now() + " " + line + "\n").getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try {
      long now = nanoClock.getAsLong();
      if (failing && now - retryAt < 0) {
        dropped++;
        return;
      }
      try {
        write(bytes, now);
      } catch (IOException e) {
        failed(e, now);
        return;
      }
      if (failing) {
        failing = false;
        backoff = FIRST_RETRY;
        LOG.info("writing {} again ({} lines were lost)", path, dropped);
        dropped = 0;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Closes the file; a later line opens it again. */
  @Override
  public void close() {
    lock.lock();
    try {
      closeFile();
    } finally {
      lock.unlock();
    }
  }

  private void write(byte[] bytes, long now) throws IOException {
    if (out == null || (now - checkedAt >= CHECK_EVERY.toNanos() && !stillOpenAtPath(now))) {
      open(now);
    }
    if (size > maxBytes) {
      closeFile();
      Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      open(now);
    }
    Objects.requireNonNull(out).write(bytes);
    size += bytes.length;
  }

  /** Whether the path still names the open file; false once it was moved or deleted. */
  private boolean stillOpenAtPath(long now) {
    checkedAt = now;
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return key == null || key.equals(fileKey);
    } catch (IOException e) {
      return false;
    }
  }

  private void open(long now) throws IOException {
    closeFile();
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileOutputStream opened = new FileOutputStream(path.toFile(), true); // unlike a channel, not closed by interrupts
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      fileKey = attributes.fileKey();
      size = attributes.size();
    } catch (IOException e) {
      opened.close();
      throw e;
    }
    out = opened;
    checkedAt = now;
  }

  private void failed(IOException e, long now) {
    closeFile();
    dropped++;
    retryAt = now + backoff.toNanos();
    if (!failing) {
      failing = true;
      String why = e instanceof NoSuchFileException ? "no such file or folder " + e.getMessage() : e.toString();
      LOG.warn("cannot write {}: {}; dropping its lines and retrying now and then", path, why);
    }
    backoff = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
  }

  private void closeFile() {
    FileOutputStream open = out;
    out = null;
    fileKey = null;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", path, e.toString());
      }
    }
  }
}
