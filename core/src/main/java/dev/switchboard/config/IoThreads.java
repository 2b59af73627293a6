package dev.switchboard.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which threads accept and read HTTP connections ({@code gateway.ioThreads}). {@link #VIRTUAL}: virtual threads for
 * everything, the fastest. {@link #PLATFORM}: a few platform threads, which also answer plain {@code /health} and
 * {@code /ready} probes themselves, so probes stay fast while a flood keeps every virtual-thread carrier busy — for
 * deployments behind a load balancer or a liveness probe; it costs some throughput (docs/RELIABILITY.md).
 */
public enum IoThreads {
  VIRTUAL,
  PLATFORM;

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
