/**
 * Servers that run inside the gateway, with no child process: the small in-process server API
 * ({@link dev.switchboard.upstream.builtin.BuiltinServer}, {@link dev.switchboard.upstream.builtin.Tool},
 * {@link dev.switchboard.upstream.builtin.Resources}) and the in-process upstream that speaks MCP for them. The
 * servers themselves ({@code switchboard}, {@code notes}, {@code review}) live in the {@code switchboard-builtins}
 * module, in subpackages that depend on this one, never the reverse:
 * {@link dev.switchboard.upstream.builtin.BuiltinServers} finds every server's
 * {@link dev.switchboard.upstream.builtin.BuiltinServer.Provider} with {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.switchboard.upstream.builtin;

import org.jspecify.annotations.NullMarked;
