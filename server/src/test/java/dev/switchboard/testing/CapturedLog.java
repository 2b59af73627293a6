package dev.switchboard.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Logback's {@link ListAppender} with a list a test may read while the gateway's threads still log: the stock one
 * adds to an {@code ArrayList} under the appender's monitor, so a test streaming over it meanwhile failed now and
 * then with a {@code ConcurrentModificationException} (AuditIT, in CI).
 */
public final class CapturedLog extends ListAppender<ILoggingEvent> {
  public CapturedLog() {
    list = new CopyOnWriteArrayList<>();
  }
}
