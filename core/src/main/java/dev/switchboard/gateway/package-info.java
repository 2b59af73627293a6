/**
 * Sessions and routing, independent of any wire. A {@link dev.switchboard.gateway.Session} is one client's
 * conversation with one server. A {@code Dispatcher} (one per server and sharing policy) gives it a {@code Link}: one
 * upstream connection, owned by one thread, which rewrites ids so that whatever the client chose (even {@code id: 1}
 * every time) never collides upstream, and routes every message the server sends to exactly one
 * {@link dev.switchboard.gateway.EventStream}. Transports read those streams and write them in their own framing;
 * the gateway refuses with a {@link dev.switchboard.gateway.GatewayException}, never with a wire status.
 */
@NullMarked
package dev.switchboard.gateway;

import org.jspecify.annotations.NullMarked;
