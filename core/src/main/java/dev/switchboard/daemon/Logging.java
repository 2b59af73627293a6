package dev.switchboard.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.switchboard.config.LogSettings;
import java.nio.file.Path;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Sends the daemon's log to {@code logs/switchboard.log} as JSON lines, rotated by size with a bounded number of
 * files (the access log likewise to {@code logs/access.log}), next to the human-readable console output of {@code run}. {@link #toFile} is called once at start-up,
 * before serving; {@link #levels} again by a reload that changes the level or the request log (Logback's levels
 * are safe to change while other threads log).
 */
public final class Logging {
  /** Request summaries go here; silent unless a log file is configured. */
  public static final String REQUESTS = "switchboard.requests";

  private Logging() {}

  public static void toFile(Path file, LogSettings settings, boolean keepConsole) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(ctx);
    json.start();
    RollingFileAppender<ILoggingEvent> appender = appender(ctx, file, settings, "FILE", json);
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    if (!keepConsole) {
      root.detachAppender("CONSOLE");
    }
    Logger requests = ctx.getLogger(REQUESTS);
    requests.setAdditive(false);
    requests.addAppender(appender);
    Logger access = ctx.getLogger(dev.switchboard.access.AccessLog.LOGGER);
    access.setAdditive(false);
    access.addAppender(appender(ctx, file.resolveSibling("access.log"), settings, "ACCESS", lineEncoder(ctx)));
    levels(settings);
  }

  /** Applies {@code logging.level} and {@code logging.requests}; the files and their rotation stay as started. */
  public static void levels(LogSettings settings) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(settings.level(), Level.INFO));
    ctx.getLogger(REQUESTS).setLevel(settings.requests() ? Level.INFO : Level.OFF);
    ctx.getLogger(dev.switchboard.access.AccessLog.LOGGER)
        .setLevel(settings.access() == dev.switchboard.config.AccessMode.OFF ? Level.OFF : Level.INFO);
  }

  /** The access log's lines are JSON already: the message alone, one per line. */
  private static Encoder<ILoggingEvent> lineEncoder(LoggerContext ctx) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%msg%n");
    encoder.start();
    return encoder;
  }

  private static RollingFileAppender<ILoggingEvent> appender(LoggerContext ctx, Path file, LogSettings settings,
      String name, Encoder<ILoggingEvent> encoder) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(ctx);
    appender.setName(name);
    appender.setFile(file.toString());
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(ctx);
    rolling.setParent(appender);
    rolling.setFileNamePattern(file.toString().replaceFirst("\\.log$", "") + ".%i.log");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(Math.max(1, settings.maxFiles() - 1));
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(new FileSize(settings.maxFileSize()));
    // logback looks at the file's size at most once a minute by default: a busy access log then ran a minute's lines
    // past maxFileSize, and one that filled it in less never rolled before that minute was up
    trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildBySeconds(1));
    trigger.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
