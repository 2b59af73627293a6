/**
 * The seed's "TCP server alternative": newline-delimited JSON-RPC on loopback TCP and Unix-domain sockets, one
 * session per connection under the server's sharing policy. A {@link dev.switchboard.transport.socket.SocketListener}
 * accepts; each {@link dev.switchboard.transport.socket.SocketConnection} has one reader and one writer virtual thread
 * (socket I/O never pins a carrier) around a {@link dev.switchboard.transport.Conversation}.
 */
@NullMarked
package dev.switchboard.transport.socket;

import org.jspecify.annotations.NullMarked;
