package dev.switchboard.config;

/** Size bounds that protect the gateway: request bodies, lines from a child, buffered events per stream. */
public record Limits(long maxBodyBytes, int maxLineBytes, int maxStreamEvents) {
  public static final Limits DEFAULTS = new Limits(16L << 20, 16 << 20, 10_000);
}
