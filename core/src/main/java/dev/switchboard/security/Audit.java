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

  /**
   * A path or URL with the value of any {@code api_key} parameter replaced, however its name is percent-encoded
   * ({@code api%5Fkey} is the same parameter to the server, so it must be the same to the redaction).
   */
  public static String redact(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    if (q < 0) {
      return pathAndQuery;
    }
    int hash = pathAndQuery.indexOf('#', q);
    String query = hash < 0 ? pathAndQuery.substring(q + 1) : pathAndQuery.substring(q + 1, hash);
    StringBuilder out = new StringBuilder(pathAndQuery.substring(0, q + 1));
    String[] params = query.split("&", -1);
    for (int i = 0; i < params.length; i++) {
      out.append(i == 0 ? "" : "&").append(redactParam(params[i]));
    }
    return out.append(hash < 0 ? "" : pathAndQuery.substring(hash)).toString();
  }

  private static String redactParam(String param) {
    int eq = param.indexOf('=');
    String name = eq < 0 ? param : param.substring(0, eq);
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = name;
    }
    return decoded.equalsIgnoreCase("api_key") ? name + "=REDACTED" : param;
  }
}
