package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogFileTest {
  @TempDir
  Path temp;

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final Logger logger = (Logger) LoggerFactory.getLogger(LogFile.class);
  private final ListAppender<ILoggingEvent> log = new dev.switchboard.testing.CapturedLog();

  @BeforeEach
  void capture() {
    log.start();
    logger.addAppender(log);
    logger.setLevel(Level.INFO); // the tests' logback config passes only warnings
  }

  @AfterEach
  void release() {
    logger.detachAppender(log);
    logger.setLevel(null);
  }

  @Test
  void appendsLinesAndRotatesBySize() throws IOException {
    Path file = temp.resolve("logs/s.log");
    String padding = " " + "x".repeat(20);
    try (LogFile logFile = new LogFile(file, 100, clock::get)) {
      for (int i = 0; i < 6; i++) {
        logFile.append("line " + i + padding); // about 60 bytes: the file turns over after every second line
      }
    }
    assertThat(Files.readAllLines(file.resolveSibling("s.log.1"))).satisfiesExactly(
        l -> assertThat(l).endsWith(" line 2" + padding), l -> assertThat(l).endsWith(" line 3" + padding));
    assertThat(Files.readAllLines(file)).satisfiesExactly(
        l -> assertThat(l).endsWith(" line 4" + padding), l -> assertThat(l).endsWith(" line 5" + padding));
  }

  @Test
  void afterAFailureItWarnsOnceThenRecoversOnALaterLine() throws IOException {
    Path dir = temp.resolve("logs");
    Path file = dir.resolve("s.log");
    try (LogFile logFile = new LogFile(file, 1 << 20, clock::get)) {
      logFile.append("one");
      delete(dir);
      Files.writeString(dir, "a file where the folder was"); // the folder can be neither used nor made again
      tick(LogFile.CHECK_EVERY);
      logFile.append("lost 1");
      logFile.append("lost 2");
      tick(Duration.ofMillis(100));
      logFile.append("lost 3");
      assertThat(events(Level.WARN)).singleElement().asString().contains("cannot write").contains("s.log");

      Files.delete(dir);
      tick(LogFile.LAST_RETRY);
      logFile.append("two");
      logFile.append("three");
    }
    assertThat(Files.readAllLines(file)).hasSize(2).satisfiesExactly(l -> assertThat(l).endsWith(" two"),
        l -> assertThat(l).endsWith(" three"));
    assertThat(events(Level.WARN)).hasSize(1);
    assertThat(events(Level.INFO)).singleElement().asString().contains("again").contains("3 lines were lost");
  }

  @Test
  void backsOffBetweenAttempts() throws IOException {
    Path dir = temp.resolve("blocked");
    Files.writeString(dir, "not a folder");
    try (LogFile logFile = new LogFile(dir.resolve("s.log"), 1 << 20, clock::get)) {
      logFile.append("a");
      Files.delete(dir);
      tick(LogFile.FIRST_RETRY.minusMillis(1));
      logFile.append("b"); // too soon: dropped without trying
      assertThat(dir).doesNotExist();
      tick(Duration.ofMillis(1));
      logFile.append("c");
      assertThat(Files.readAllLines(dir.resolve("s.log"))).singleElement().asString().endsWith(" c");
    }
  }

  @Test
  void aFileMovedAwayIsOpenedAfreshAtItsPath() throws IOException {
    Path file = temp.resolve("s.log");
    try (LogFile logFile = new LogFile(file, 1 << 20, clock::get)) {
      logFile.append("one");
      Files.move(file, temp.resolve("elsewhere.log"));
      tick(LogFile.CHECK_EVERY);
      logFile.append("two");
    }
    assertThat(Files.readAllLines(file)).singleElement().asString().endsWith(" two");
    assertThat(Files.readAllLines(temp.resolve("elsewhere.log"))).singleElement().asString().endsWith(" one");
    assertThat(events(Level.WARN)).isEmpty();
  }

  private void tick(Duration by) {
    clock.addAndGet(by.toNanos());
  }

  private List<String> events(Level level) {
    return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
