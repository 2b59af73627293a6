/**
 * Servers that run inside the gateway, with no child process: the small in-process server API
 * ({@link dev.switchboard.upstream.builtin.BuiltinServer}, {@link dev.switchboard.upstream.builtin.Tool},
 * {@link dev.switchboard.upstream.builtin.Resources}), the in-process upstream that speaks MCP for them, and the
 * built-in servers: {@code switchboard} (the gateway itself), {@code notes} and {@code review}, made by
 * {@link dev.switchboard.upstream.builtin.BuiltinServers}.
 */
@NullMarked
package dev.switchboard.upstream.builtin;

import org.jspecify.annotations.NullMarked;
