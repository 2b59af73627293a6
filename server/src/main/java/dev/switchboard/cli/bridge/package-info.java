/**
 * {@code switchboard bridge NAME}: a stdio MCP server to its client that forwards everything to the daemon's
 * {@code /mcp/NAME} (or, without a daemon, to the server run by the bridge itself), re-initializing behind the
 * client's back when the daemon restarts. The stdin reader is a platform thread; requests travel on virtual threads;
 * stdout has one writer.
 */
@NullMarked
package dev.switchboard.cli.bridge;

import org.jspecify.annotations.NullMarked;
