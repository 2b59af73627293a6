/**
 * The wire vocabulary of MCP, free of I/O: the JSON-RPC envelope ({@link dev.switchboard.protocol.Message}), error
 * values, protocol revisions, and the pure codecs for Server-Sent Events and newline-delimited JSON. Payloads
 * ({@code params}, {@code result}) are carried as opaque JSON trees so fields from newer revisions pass through
 * untouched. Everything here is immutable or confined to the thread that uses it.
 */
@NullMarked
package dev.switchboard.protocol;

import org.jspecify.annotations.NullMarked;
