/**
 * How a client reaches a server: the {@link dev.switchboard.client.transport.Transport} SPI and its implementations
 * for Streamable HTTP, the legacy HTTP+SSE transport of 2024-11-05, stdio, and JSON lines over TCP or a Unix socket
 * ({@link dev.switchboard.client.transport.SocketTransport}). A transport moves JSON-RPC messages
 * and knows nothing of MCP methods; each one owns its reader threads and hands what it reads to its receiver.
 */
@NullMarked
package dev.switchboard.client.transport;

import org.jspecify.annotations.NullMarked;
