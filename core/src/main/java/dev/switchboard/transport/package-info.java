/**
 * What every wire shares. {@link dev.switchboard.transport.Conversation} is one session on a wire that carries whole
 * JSON-RPC messages both ways (TCP and Unix-socket lines, WebSocket frames, the legacy SSE and seed-API sessions):
 * client messages go in, and one bounded, ordered outbox comes out for the wire's single writer. One package per
 * wire sits below this one ({@code transport.http}, {@code transport.websocket}, {@code transport.socket}).
 */
@NullMarked
package dev.switchboard.transport;

import org.jspecify.annotations.NullMarked;
