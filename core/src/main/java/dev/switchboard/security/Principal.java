package dev.switchboard.security;

import dev.switchboard.config.ApiKey;
import dev.switchboard.security.oauth.Grant;
import org.jspecify.annotations.Nullable;

/**
 * Who a request acts as: the API key's name and scope, an OAuth grant (subject, client, scopes), or
 * {@link #ANONYMOUS} when no credentials are configured (loopback development mode). Sessions are bound to the
 * principal that created them, by name.
 */
public record Principal(String name, @Nullable ApiKey key, @Nullable Grant grant) {
  public static final Principal ANONYMOUS = new Principal("anonymous", null, null);

  public static Principal of(ApiKey key) {
    return new Principal(key.name(), key, null);
  }

  public static Principal of(Grant grant) {
    return new Principal(grant.principalName(), null, grant);
  }

  public boolean allows(String server) {
    if (grant != null) {
      return grant.allows(server);
    }
    return key == null || key.allows(server);
  }
}
