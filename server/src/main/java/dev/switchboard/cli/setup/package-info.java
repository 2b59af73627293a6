/**
 * Commands that set Switchboard up beside the clients a user already has: {@code import} takes their stdio servers
 * into Switchboard's config, {@code connect} points a client at the gateway, {@code service} starts the gateway at
 * login. Every file location comes from a {@link dev.switchboard.cli.setup.Platform}, so tests run on temp dirs and
 * simulate any operating system.
 */
@NullMarked
package dev.switchboard.cli.setup;

import org.jspecify.annotations.NullMarked;
