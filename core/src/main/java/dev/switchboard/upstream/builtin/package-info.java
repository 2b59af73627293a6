/**
 * Servers that run inside the gateway, with no child process: the small in-process server API
 * ({@link dev.switchboard.upstream.builtin.BuiltinServer}, {@link dev.switchboard.upstream.builtin.Tool},
 * {@link dev.switchboard.upstream.builtin.Resources}), the in-process upstream that speaks MCP for them, and the
 * {@code switchboard} server (the gateway itself). The other built-in servers ({@code notes}, {@code review}) live in
 * subpackages that depend on this one, never the reverse: {@link dev.switchboard.upstream.builtin.BuiltinServers}
 * finds every server's {@link dev.switchboard.upstream.builtin.BuiltinServer.Provider} with
 * {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.switchboard.upstream.builtin;

import org.jspecify.annotations.NullMarked;
