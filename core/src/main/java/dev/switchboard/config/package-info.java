/**
 * Configuration: the {@code mcpServers} shape MCP clients already use plus a {@code gateway} section, read from JSON
 * into immutable records and validated with every problem reported by its JSON path. Nothing here does network I/O.
 */
@NullMarked
package dev.switchboard.config;

import org.jspecify.annotations.NullMarked;
