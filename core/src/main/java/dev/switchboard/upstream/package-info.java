/**
 * The servers behind the gateway. An {@link dev.switchboard.upstream.Backend} is one configured server; each
 * {@link dev.switchboard.upstream.Upstream} is one live connection to it: a child process speaking newline-delimited
 * JSON on its pipes ({@link dev.switchboard.upstream.StdioUpstream}, whose pipes have platform threads) or a server
 * running in this JVM ({@code builtin.InProcessUpstream}). {@code send} never blocks. Upstreams know nothing of sessions or clients; they move
 * messages and report how they ended.
 */
@NullMarked
package dev.switchboard.upstream;

import org.jspecify.annotations.NullMarked;
