package dev.switchboard.cli.bridge;

import dev.switchboard.protocol.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The bridge's stdout: one JSON-RPC message per line and nothing else. Writers take turns under a lock, so lines never
 * interleave; a client that has gone away is noticed once and its later messages are dropped. Thread safe.
 */
final class LineOutput implements Consumer<Message> {
  private final OutputStream out;
  private final BridgeLog log;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean gone;

  LineOutput(OutputStream out, BridgeLog log) {
    this.out = out;
    this.log = log;
  }

  @Override
  public void accept(Message message) {
    byte[] bytes = message.bytes();
    lock.lock();
    try {
      if (!gone) {
        out.write(bytes);
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      gone = true;
      log.debug("the client stopped reading stdout: " + e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes nothing more; waits for a line being written to end, so none is cut off by the process ending — but not
   * for long, since a client that stopped reading leaves that write blocked for good.
   */
  void close() {
    gone = true;
    try {
      if (lock.tryLock(1, TimeUnit.SECONDS)) {
        lock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
