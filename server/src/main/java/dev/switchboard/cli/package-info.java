/**
 * The command line: one picocli command class per subcommand. Commands return exit codes and write to the
 * streams picocli gives them, so tests run them in-process without {@code System.exit}.
 */
@NullMarked
package dev.switchboard.cli;

import org.jspecify.annotations.NullMarked;
