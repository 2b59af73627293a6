package dev.switchboard.config;

/**
 * Size and concurrency bounds that protect the gateway: request bodies and headers, lines from a child, buffered
 * events per stream (a slower client is cut off), and requests in flight per session.
 */
public record Limits(long maxBodyBytes, int maxLineBytes, int maxStreamEvents, int maxHeaderBytes,
    int maxInFlightPerSession) {
  public static final Limits DEFAULTS = new Limits(16L << 20, 16 << 20, 10_000, 16 << 10, 256);
}
