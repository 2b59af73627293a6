package dev.switchboard.config;

import java.util.Locale;
import java.util.Optional;

/** What the access log ({@code logs/access.log}) records: {@code logging.access}. */
public enum AccessMode {
  /** Nothing. */
  OFF,
  /** One line per client request that reached a server, and one per refused HTTP exchange. */
  REQUESTS,
  /** As {@link #REQUESTS}, and one line per HTTP exchange of any kind (notifications, streams, DELETE). */
  MESSAGES;

  /** The mode a config value names, ignoring case; empty for anything else. */
  public static Optional<AccessMode> named(String value) {
    for (AccessMode mode : values()) {
      if (mode.name().equalsIgnoreCase(value.strip())) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
