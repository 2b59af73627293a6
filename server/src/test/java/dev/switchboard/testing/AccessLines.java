package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.switchboard.access.AccessLog;
import dev.switchboard.protocol.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The access log's lines, captured from its logger (raised to INFO) from construction until {@link #close}, for a
 * test that has no field of its own for them. Readable while the gateway's writer thread adds lines.
 */
public final class AccessLines implements AutoCloseable {
  private final CapturedLog appender = new CapturedLog();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private final Level before;

  public AccessLines() {
    before = logger.getLevel();
    logger.setLevel(Level.INFO);
    appender.start();
    logger.addAppender(appender);
  }

  /** The lines so far, parsed. */
  public List<JsonNode> lines() {
    return appender.list.stream().map(e -> Json.parse(e.getFormattedMessage())).toList();
  }

  /** The first line whose {@code field} is {@code value}, awaited (the lines are written on a thread of their own). */
  public JsonNode awaitLine(String field, String value) {
    return await("an access-log line with " + field + "=" + value).atMost(Duration.ofSeconds(20))
        .until(() -> find(field, value), Optional::isPresent).orElseThrow();
  }

  private Optional<JsonNode> find(String field, String value) {
    return lines().stream().filter(l -> l.path(field).asString("").equals(value)).findFirst();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(before);
  }
}
