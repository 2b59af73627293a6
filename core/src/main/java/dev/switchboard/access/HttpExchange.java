package dev.switchboard.access;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange as the listener saw it once it ended.
 *
 * @param key the API key's name (never the key), or null when none was accepted
 * @param session the {@code Mcp-Session-Id} (or seed/legacy session id) it named or was given, or null
 * @param nanos from the request's first byte to the response's last
 */
public record HttpExchange(Instant time, String client, @Nullable String key, @Nullable String session,
    String transport, @Nullable String era, @Nullable String server, String httpMethod, String path, int status,
    long nanos, long bytesIn, long bytesOut, @Nullable String traceparent) {}
