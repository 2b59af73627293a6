package dev.switchboard.gateway;

import dev.switchboard.protocol.RequestId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A client request in flight upstream: who asked (the client's own id and token), where the answer goes, and the id
 * the gateway gave it upstream. Immutable.
 */
record Pending(long upstreamId, RequestId clientId, String method, EventStream stream,
    @Nullable JsonNode clientProgressToken, long startedNanos) {}
