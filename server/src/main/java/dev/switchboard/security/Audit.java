package dev.switchboard.security;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security trail: every refused request is logged (who — a key name or "anonymous" —, from where, which path with
 * any {@code api_key} redacted, and why) and counted. Never the key itself. Thread safe.
 */
public final class Audit {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard.audit");

  private final AtomicLong authFailures = new AtomicLong();
  private final AtomicLong scopeDenials = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();

  public void authFailed(String remote, String path, String reason) {
    authFailures.incrementAndGet();
    LOG.warn("auth failure: principal=anonymous remote={} path={} reason={}", remote, redact(path), reason);
  }

  public void scopeDenied(Principal principal, String remote, String path, String server) {
    scopeDenials.incrementAndGet();
    LOG.warn("scope denied: principal={} remote={} path={} server={}", principal.name(), remote, redact(path),
        server);
  }

  public void throttled(String remote, String path) {
    throttled.incrementAndGet();
    LOG.info("throttled after repeated auth failures: remote={} path={}", remote, redact(path));
  }

  public void rateLimited(Principal principal, String remote) {
    rateLimited.incrementAndGet();
    LOG.debug("rate limited: principal={} remote={}", principal.name(), remote);
  }

  public tools.jackson.databind.node.ObjectNode counters() {
    return dev.switchboard.protocol.Json.object().put("authFailures", authFailures.get())
        .put("scopeDenials", scopeDenials.get()).put("throttled", throttled.get())
        .put("rateLimited", rateLimited.get());
  }

  /** A path or URL with the value of any {@code api_key} parameter replaced. */
  public static String redact(String pathAndQuery) {
    return pathAndQuery.replaceAll("(?i)(api_key=)[^&#]*", "$1REDACTED");
  }
}
