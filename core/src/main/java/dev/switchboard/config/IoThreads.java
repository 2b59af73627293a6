package dev.switchboard.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which threads accept and read HTTP connections ({@code gateway.ioThreads}). {@link #VIRTUAL}: virtual threads for
 * everything, the fastest. {@link #PLATFORM}: a few platform threads, which also answer plain {@code /health} and
 * {@code /ready} probes themselves, so probes stay fast while a flood keeps every virtual-thread carrier busy; it
 * costs some throughput (docs/RELIABILITY.md). {@link #AUTO}, the default: platform threads when the gateway listens
 * beyond loopback (a team gateway, behind load balancers and liveness probes), virtual ones on loopback (a desktop).
 */
public enum IoThreads {
  AUTO,
  VIRTUAL,
  PLATFORM;

  /** Whether a listener on a loopback address ({@code loopback}) or beyond it runs its I/O on platform threads. */
  public boolean platform(boolean loopback) {
    return this == PLATFORM || (this == AUTO && !loopback);
  }

  /** The setting's value as written in the configuration. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<IoThreads> parse(String value) {
    for (IoThreads t : values()) {
      if (t.configName().equals(value)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
