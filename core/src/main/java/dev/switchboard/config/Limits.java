package dev.switchboard.config;

/**
 * Size and concurrency bounds that protect the gateway: request bodies and headers, lines from a child, buffered
 * events per stream (a slower client is cut off), requests in flight per session, and the events held in all for
 * clients that are not reading their streams (those left longest ago lose theirs first).
 */
public record Limits(long maxBodyBytes, int maxLineBytes, int maxStreamEvents, int maxHeaderBytes,
    int maxInFlightPerSession, long maxRetainedEvents) {
  public static final Limits DEFAULTS = new Limits(16L << 20, 16 << 20, 10_000, 16 << 10, 256, 50_000);
}
