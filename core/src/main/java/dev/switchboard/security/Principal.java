package dev.switchboard.security;

import dev.switchboard.config.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * Who a request acts as: the API key's name and scope, or {@link #ANONYMOUS} when no keys are configured (loopback
 * development mode). Sessions are bound to the principal that created them.
 */
public record Principal(String name, @Nullable ApiKey key) {
  public static final Principal ANONYMOUS = new Principal("anonymous", null);

  public static Principal of(ApiKey key) {
    return new Principal(key.name(), key);
  }

  public boolean allows(String server) {
    return key == null || key.allows(server);
  }
}
