/**
 * MCP over WebSocket ({@code ws://HOST:PORT/ws/NAME}, subprotocol {@code mcp}): one JSON-RPC message per text frame,
 * one session per connection, on Jetty's core WebSocket API. The HTTP layer admits the upgrade (Host/Origin, key,
 * scope, rate) exactly as for {@code /mcp}; {@link dev.switchboard.transport.websocket.WebSocketConnection} then
 * carries a {@link dev.switchboard.transport.Conversation}.
 */
@NullMarked
package dev.switchboard.transport.websocket;

import org.jspecify.annotations.NullMarked;
