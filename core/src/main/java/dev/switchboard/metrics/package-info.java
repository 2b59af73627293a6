/**
 * What the gateway does, as Prometheus metrics: {@link dev.switchboard.metrics.GatewayMetrics} counts and times every
 * client request (it is the gateway's {@link dev.switchboard.gateway.RequestEvents}) and reads sessions, servers,
 * children and security counters when scraped. Label values that come from clients or servers (methods, tool names)
 * pass a {@link dev.switchboard.metrics.LabelGuard}, so no one can grow the registry without bound.
 */
@NullMarked
package dev.switchboard.metrics;

import org.jspecify.annotations.NullMarked;
