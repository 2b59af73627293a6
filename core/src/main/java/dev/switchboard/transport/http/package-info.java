/**
 * The Streamable HTTP transport (MCP 2025-03-26 … 2025-11-25) on Jetty's core {@code Handler} API: one endpoint per
 * server at {@code /mcp/{name}}, {@code /mcp} for the default one, and {@code /health}. Each request runs blocking on
 * its own virtual thread, which is the one owner of its response: it validates, hands messages to the gateway, and
 * writes the answer stream as one JSON body or as Server-Sent Events.
 */
@NullMarked
package dev.switchboard.transport.http;

import org.jspecify.annotations.NullMarked;
