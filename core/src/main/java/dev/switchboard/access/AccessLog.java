package dev.switchboard.access;

import dev.switchboard.config.AccessMode;
import dev.switchboard.config.LogSettings;
import dev.switchboard.gateway.RequestEvents;
import dev.switchboard.gateway.Session;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one JSON line per client request that reached a server (a {@link RequestEvents}) and per HTTP
 * exchange, or message a socket or WebSocket carried, that {@code logging.access} asks for. Lines are built off the
 * caller's thread; the mode and {@code logging.payloads} follow reloads. Thread safe.
 */
public final class AccessLog implements RequestEvents, AutoCloseable {
  /** The logger whose appender writes {@code logs/access.log}; the message is the whole line. */
  public static final String LOGGER = "switchboard.access";
  private static final Logger LINES = LoggerFactory.getLogger(LOGGER);

  private final Consumer<Supplier<String>> out;
  private final @Nullable AccessWriter writer;
  private volatile LogSettings settings;

  private AccessLog(LogSettings settings, Consumer<Supplier<String>> out, @Nullable AccessWriter writer) {
    this.settings = settings;
    this.out = out;
    this.writer = writer;
  }

  /** Lines to the {@value #LOGGER} logger, written on a thread of their own. */
  public static AccessLog toLogger(LogSettings settings) {
    AccessWriter writer = new AccessWriter(LINES::info);
    return new AccessLog(settings, writer::offer, writer);
  }

  /** Lines handed to {@code out} on the caller's thread (tests). */
  public static AccessLog to(LogSettings settings, Consumer<String> out) {
    return new AccessLog(settings, line -> out.accept(line.get()), null);
  }

  /** A reload's settings: the mode and payloads apply from the next line. */
  public void settings(LogSettings next) {
    settings = next;
  }

  public AccessMode mode() {
    return settings.access();
  }

  @Override
  public void ended(String server, String method, @Nullable String tool, Ending outcome, long nanos) {
    // the short form carries no session: the access log needs the exchange
  }

  @Override
  public void ended(Exchange exchange) {
    LogSettings s = settings;
    if (s.access() != AccessMode.OFF) {
      Instant now = Instant.now();
      out.accept(() -> Json.text(AccessLine.request(now, exchange, s.payloads())));
    }
  }

  /** A message a socket or WebSocket carried, either way: logged in "messages" mode, as an HTTP exchange is. */
  @Override
  public void carried(Session session, Message message, boolean fromClient) {
    if (settings.access() == AccessMode.MESSAGES) {
      Instant now = Instant.now();
      out.accept(() -> Json.text(AccessLine.message(now, session, message, fromClient)));
    }
  }

  /** An HTTP exchange that ended: logged when refused, or always in {@code messages} mode. */
  public void http(HttpExchange exchange) {
    AccessMode mode = settings.access();
    if (mode == AccessMode.MESSAGES || (mode == AccessMode.REQUESTS && exchange.status() >= 400)) {
      out.accept(() -> Json.text(AccessLine.http(exchange)));
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }
}
