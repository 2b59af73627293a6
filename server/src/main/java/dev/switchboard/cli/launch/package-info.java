/**
 * How this JVM was launched, so that a command can run another command of the same CLI in a child JVM the same way:
 * from a class path, a jar or the module path. Values; {@code JavaLaunch.current} reads only this process.
 */
@NullMarked
package dev.switchboard.cli.launch;

import org.jspecify.annotations.NullMarked;
