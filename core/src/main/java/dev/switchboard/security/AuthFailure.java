package dev.switchboard.security;

import java.util.Locale;

/** Why a credential was refused: a bounded set, so each can be a metric label. */
public enum AuthFailure {
  /** No key or token was sent (or an empty one). */
  MISSING,
  /** A key was sent in the URL while {@code gateway.auth.allowQueryKey} is off. */
  QUERY_KEY_DISABLED,
  /** The value matched no configured key (and is no access token, or OAuth is off). */
  UNKNOWN_KEY,
  /** An OAuth access token that failed its check (signature, expiry, audience, introspection). */
  INVALID_TOKEN,
  /** A configured key that was revoked. */
  REVOKED;

  /** The metric label: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
