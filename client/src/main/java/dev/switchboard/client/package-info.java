/**
 * A blocking, thread-safe MCP client: {@link dev.switchboard.client.Client} (built with
 * {@link dev.switchboard.client.ClientBuilder}) speaks to one server over any
 * {@link dev.switchboard.client.transport.Transport}, connecting lazily and reconnecting when the connection or
 * session is lost; {@link dev.switchboard.client.Switchboard} finds the local daemon and hands out one shared client
 * per server URL. Calls block the calling thread (virtual threads are the intended callers); the client's own reader
 * and event threads never run code other than handlers and listeners registered on the builder.
 */
@NullMarked
package dev.switchboard.client;

import org.jspecify.annotations.NullMarked;
