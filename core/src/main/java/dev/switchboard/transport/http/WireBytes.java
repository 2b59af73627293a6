package dev.switchboard.transport.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.io.Connection;

/**
 * Bytes an HTTP listener's connections have read and written, the closed ones' and the open ones' so far, so that a
 * long SSE stream counts as it goes. Jetty calls the listener methods on its own threads; the totals are read at each
 * scrape. Thread safe.
 */
final class WireBytes implements Connection.Listener {
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final LongAdder closedIn = new LongAdder();
  private final LongAdder closedOut = new LongAdder();
  /** The highest totals reported: a connection closing during a read must not make a counter go back. */
  private final AtomicLong reportedIn = new AtomicLong();
  private final AtomicLong reportedOut = new AtomicLong();

  @Override
  public void onOpened(Connection connection) {
    open.add(connection);
  }

  @Override
  public void onClosed(Connection connection) {
    if (open.remove(connection)) {
      closedIn.add(Math.max(0, connection.getBytesIn()));
      closedOut.add(Math.max(0, connection.getBytesOut()));
    }
  }

  long received() {
    return reportedIn.accumulateAndGet(closedIn.sum() + sum(Connection::getBytesIn), Math::max);
  }

  long sent() {
    return reportedOut.accumulateAndGet(closedOut.sum() + sum(Connection::getBytesOut), Math::max);
  }

  private long sum(ToLongFunction<Connection> bytes) {
    return open.stream().mapToLong(c -> Math.max(0, bytes.applyAsLong(c))).sum();
  }
}
