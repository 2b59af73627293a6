package dev.switchboard.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security trail: every refused request is logged (who — a key name or "anonymous" —, from where, which path with
 * any {@code api_key} redacted, and why) and counted, auth failures by {@link AuthFailure reason}. Never the key
 * itself. Thread safe.
 */
public final class Audit {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard.audit");

  private final Map<AuthFailure, Long> authFailures = new ConcurrentHashMap<>();
  private final AtomicLong scopeDenials = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong hostRefusals = new AtomicLong();
  private final AtomicLong originRefusals = new AtomicLong();

  public void authFailed(String remote, String path, AuthFailure failure, String reason) {
    authFailures.merge(failure, 1L, Long::sum);
    LOG.warn("auth failure: principal=anonymous remote={} path={} reason={}", remote, redact(path), reason);
  }

  /**
   * A request refused for its {@code Host} header ({@code host}) or its {@code Origin}: a browser page of another
   * site, a DNS-rebinding attempt, or a proxy that needs {@code gateway.allowedHosts}.
   */
  public void hostOrOriginRefused(boolean host, String remote, String path, String why) {
    (host ? hostRefusals : originRefusals).incrementAndGet();
    LOG.info("refused: remote={} path={} reason={}", remote, redact(path), why);
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

  /** Refusals by kind; {@code authFailures} is the sum over every reason. */
  public tools.jackson.databind.node.ObjectNode counters() {
    long failures = authFailures.values().stream().mapToLong(Long::longValue).sum();
    return dev.switchboard.protocol.Json.object().put("authFailures", failures)
        .put("scopeDenials", scopeDenials.get()).put("throttled", throttled.get())
        .put("rateLimited", rateLimited.get()).put("hostRefusals", hostRefusals.get())
        .put("originRefusals", originRefusals.get());
  }

  /** Auth failures by {@link AuthFailure#label() reason}, every reason present (0 before its first). */
  public tools.jackson.databind.node.ObjectNode authFailuresByReason() {
    tools.jackson.databind.node.ObjectNode out = dev.switchboard.protocol.Json.object();
    for (AuthFailure f : AuthFailure.values()) {
      out.put(f.label(), authFailures.getOrDefault(f, 0L));
    }
    return out;
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
