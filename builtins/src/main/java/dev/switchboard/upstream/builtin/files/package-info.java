/**
 * Safe file access for the built-in servers: confining client-supplied paths to a root (no {@code ..}, absolute,
 * drive, UNC or symlink escapes), and reading and atomically rewriting text files while keeping their encoding and
 * line endings and refusing to overwrite a concurrent change; glob matchers from tool arguments.
 */
@NullMarked
package dev.switchboard.upstream.builtin.files;

import org.jspecify.annotations.NullMarked;
