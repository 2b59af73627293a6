package dev.switchboard.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The OS-level single-instance guarantee: an exclusive lock on {@code switchboard.lock} held for the daemon's life.
 * The OS drops it when the process dies, even on {@code kill -9}, so a crash never blocks the next start.
 */
public final class InstanceLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when another live process holds it. */
  public static Optional<InstanceLock> tryAcquire(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new InstanceLock(channel, lock));
      }
    } catch (OverlappingFileLockException e) {
      // held by this very JVM: as good as taken
    }
    channel.close();
    return Optional.empty();
  }

  /** Whether some process holds the lock right now (probes without keeping it). */
  public static boolean isHeld(Path file) throws IOException {
    Optional<InstanceLock> probe = tryAcquire(file);
    probe.ifPresent(InstanceLock::close);
    return probe.isEmpty();
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the process is ending; the OS releases it anyway
    }
  }
}
