package dev.switchboard.security;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.SecuritySettings;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks the API key a request presents: {@code Authorization: Bearer KEY}, a bare {@code Authorization: KEY}, or —
 * only when allowed — {@code ?api_key=KEY}. Every configured key is compared, in constant time, so timing reveals
 * neither a key nor which one matched. Immutable and thread safe.
 */
public final class Authenticator {
  private final List<ApiKey> keys;
  private final boolean allowQueryKey;

  public Authenticator(SecuritySettings settings) {
    this.keys = settings.keys();
    this.allowQueryKey = settings.allowQueryKey();
  }

  /** The outcome of one check. */
  public sealed interface Result {
    record Granted(Principal principal) implements Result {}

    /** {@code presented}: whether a key was sent at all (RFC 6750 then adds {@code error="invalid_token"}). */
    record Denied(boolean presented, String reason) implements Result {}
  }

  public boolean required() {
    return !keys.isEmpty();
  }

  public Result authenticate(@Nullable String authorization, @Nullable String queryKey) {
    if (keys.isEmpty()) {
      return new Result.Granted(Principal.ANONYMOUS);
    }
    String presented = fromHeader(authorization);
    if (presented == null && queryKey != null) {
      if (!allowQueryKey) {
        return new Result.Denied(true, "api_key in the URL is disabled (gateway.auth.allowQueryKey)");
      }
      presented = queryKey;
    }
    if (presented == null || presented.isEmpty()) {
      return new Result.Denied(false, "no API key");
    }
    ApiKey match = match(ApiKey.sha256(presented));
    return match == null ? new Result.Denied(true, "unknown API key") : new Result.Granted(Principal.of(match));
  }

  private @Nullable ApiKey match(byte[] digest) {
    ApiKey found = null;
    for (ApiKey key : keys) {
      if (key.matches(digest) && found == null) {
        found = key; // no early exit: every key costs the same
      }
    }
    return found;
  }

  static @Nullable String fromHeader(@Nullable String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return value.substring(7).strip();
    }
    return value;
  }
}
