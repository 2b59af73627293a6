/**
 * Several Switchboard nodes behind one load balancer: which node owns a session (the id's prefix), where the other
 * nodes are ({@code cluster.nodes}, or the Redis registry), and what Redis shares between them when configured
 * (heartbeats, cluster-wide rate limits and session caps, revocation and reload broadcasts). Holds no socket of the
 * HTTP layer: forwarding a request is {@code transport.http.Forwarder}'s. Without Redis every limit is per node.
 */
@NullMarked
package dev.switchboard.cluster;

import org.jspecify.annotations.NullMarked;
