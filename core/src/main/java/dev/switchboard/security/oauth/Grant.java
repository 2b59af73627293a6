package dev.switchboard.security.oauth;

import dev.switchboard.config.OAuthSettings;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a valid access token grants: who (issuer, subject, the OAuth client it was issued to) and its scopes, with the
 * rules that say which scopes each server needs. Immutable.
 */
public record Grant(String issuer, String subject, @Nullable String clientId, Set<String> scopes,
    OAuthSettings.ScopeRules rules) {
  public Grant {
    scopes = Set.copyOf(scopes);
  }

  /** The name sessions, rate limits and logs know this principal by; prefixed, as no key name may be. */
  public String principalName() {
    return "oauth:" + subject + (clientId == null ? "" : " (" + clientId + ")");
  }

  public boolean allows(String server) {
    List<String> needed = rules.required(server);
    return needed != null && scopes.containsAll(needed);
  }
}
