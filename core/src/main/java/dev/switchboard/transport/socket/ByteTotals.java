package dev.switchboard.transport.socket;

import java.util.concurrent.atomic.LongAdder;

/** Bytes one listener's connections have read and written so far. Thread safe: every connection adds to it. */
public final class ByteTotals {
  private final LongAdder received = new LongAdder();
  private final LongAdder sent = new LongAdder();

  void received(long bytes) {
    received.add(bytes);
  }

  void sent(long bytes) {
    sent.add(bytes);
  }

  public long received() {
    return received.sum();
  }

  public long sent() {
    return sent.sum();
  }
}
