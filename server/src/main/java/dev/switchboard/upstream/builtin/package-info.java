/**
 * Servers that run inside the gateway, with no child process: the small in-process server API
 * ({@link dev.switchboard.upstream.builtin.BuiltinServer}, {@link dev.switchboard.upstream.builtin.Tool}) and the
 * built-in servers written on it, starting with {@code switchboard}, which reports on the gateway itself.
 */
@NullMarked
package dev.switchboard.upstream.builtin;

import org.jspecify.annotations.NullMarked;
