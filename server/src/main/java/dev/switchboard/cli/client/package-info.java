/**
 * The commands that act as an MCP client ({@code tools}, {@code call}, {@code review}): each reaches its server
 * through the running daemon when there is one and otherwise runs the server itself (its stdio command, or a
 * built-in server in-process), with the same output either way. Commands run on the caller's thread; the client
 * library's threads deliver progress.
 */
@NullMarked
package dev.switchboard.cli.client;

import org.jspecify.annotations.NullMarked;
