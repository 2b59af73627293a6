package dev.switchboard.gateway;

/**
 * Where and when a 2026-07-28 request reached the gateway: the client's address as the HTTP layer tells it (the
 * proxy's {@code X-Forwarded-For} when trusted; empty when unknown), and its first byte's {@link System#nanoTime()}
 * (0: nobody times it). Immutable.
 */
public record Arrival(String address, long begun) {
  public static final Arrival UNKNOWN = new Arrival("", 0);
}
