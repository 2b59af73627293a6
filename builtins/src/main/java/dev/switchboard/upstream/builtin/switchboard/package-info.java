/**
 * The built-in {@code switchboard} server: the gateway's own servers, sessions and server logs, read through
 * {@link dev.switchboard.upstream.builtin.Introspection}, which the gateway (or, outside the daemon, the CLI) hands
 * to {@link dev.switchboard.upstream.builtin.switchboard.SwitchboardProvider} in the provider's context.
 */
@NullMarked
package dev.switchboard.upstream.builtin.switchboard;

import org.jspecify.annotations.NullMarked;
