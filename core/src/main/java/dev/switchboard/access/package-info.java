/**
 * The access log: one JSON line per client request that reached a server (fed by the gateway's
 * {@link dev.switchboard.gateway.RequestEvents}) and per HTTP exchange worth recording (fed by the listener), in
 * {@code logs/access.log}. Never a key, and never arguments or results unless {@code logging.payloads} asks.
 */
@NullMarked
package dev.switchboard.access;

import org.jspecify.annotations.NullMarked;
