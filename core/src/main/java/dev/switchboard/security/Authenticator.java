package dev.switchboard.security;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.SecuritySettings;
import dev.switchboard.security.oauth.ResourceServer;
import dev.switchboard.security.oauth.Verdict;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks the credential a request presents: {@code Authorization: Bearer KEY}, a bare {@code Authorization: KEY}, or —
 * only when allowed — {@code ?api_key=KEY}. Every configured key is compared, in constant time, so timing reveals
 * neither a key nor which one matched. A bearer value that is no key is an OAuth access token when
 * {@code gateway.auth.oauth} is on (never from the URL). Immutable and thread safe; an OAuth check may block on a
 * JWKS fetch or an introspection call.
 */
public final class Authenticator {
  private final List<ApiKey> keys;
  private final boolean allowQueryKey;
  private final @Nullable ResourceServer oauth;

  public Authenticator(SecuritySettings settings) {
    this(settings, settings.oauth() == null ? null : new ResourceServer(settings.oauth()));
  }

  /** With {@code oauth} (kept across reloads that leave the OAuth settings alone) checking tokens. */
  public Authenticator(SecuritySettings settings, @Nullable ResourceServer oauth) {
    this.keys = settings.keys();
    this.allowQueryKey = settings.allowQueryKey();
    this.oauth = oauth;
  }

  public @Nullable ResourceServer oauth() {
    return oauth;
  }

  /** The outcome of one check. */
  public sealed interface Result {
    record Granted(Principal principal) implements Result {}

    /** {@code failure}: why, as a label; {@code reason}: why, in words for the audit log. */
    record Denied(AuthFailure failure, String reason) implements Result {
      /** Whether a key was sent at all (RFC 6750 then adds {@code error="invalid_token"}). */
      public boolean presented() {
        return failure != AuthFailure.MISSING;
      }
    }
  }

  public boolean required() {
    return !keys.isEmpty() || oauth != null;
  }

  public Result authenticate(@Nullable String authorization, @Nullable String queryKey) {
    return authenticate(authorization, queryKey, null);
  }

  /** {@code server}: the server the request is for (a token's audience may depend on it), or null. */
  public Result authenticate(@Nullable String authorization, @Nullable String queryKey, @Nullable String server) {
    if (!required()) {
      return new Result.Granted(Principal.ANONYMOUS);
    }
    String presented = fromHeader(authorization);
    if (presented == null && queryKey != null) {
      if (!allowQueryKey) {
        return new Result.Denied(AuthFailure.QUERY_KEY_DISABLED,
            "api_key in the URL is disabled (gateway.auth.allowQueryKey)");
      }
      presented = queryKey;
    }
    if (presented == null || presented.isEmpty()) {
      return new Result.Denied(AuthFailure.MISSING, oauth == null ? "no API key" : "no API key or access token");
    }
    ApiKey match = match(ApiKey.sha256(presented));
    if (match != null) {
      return new Result.Granted(Principal.of(match));
    }
    if (oauth == null || !isBearerToken(authorization)) {
      return new Result.Denied(AuthFailure.UNKNOWN_KEY, "unknown API key");
    }
    return switch (oauth.check(presented, server)) {
      case Verdict.Valid v -> new Result.Granted(Principal.of(v.grant()));
      case Verdict.Invalid i -> new Result.Denied(AuthFailure.INVALID_TOKEN,
          "neither an API key nor a valid access token: " + i.reason());
    };
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

  /**
   * Whether {@code authorization} is {@code Bearer} plus an RFC 6750 token: only those are checked as access tokens
   * (and may cost an introspection call); a bare value or another scheme can only be a key.
   */
  static boolean isBearerToken(@Nullable String authorization) {
    String value = authorization == null ? "" : authorization.strip();
    return value.regionMatches(true, 0, "bearer ", 0, 7)
        && value.substring(7).strip().matches("[A-Za-z0-9\\-._~+/]+=*");
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
