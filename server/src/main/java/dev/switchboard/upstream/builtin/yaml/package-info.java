/**
 * A small YAML reader and writer for what the built-in servers meet: note frontmatter and review rule files. It
 * covers block and flow collections, quoted, plain and block scalars, and comments, and refuses anchors, aliases and
 * tags with a clear error rather than guess.
 */
@NullMarked
package dev.switchboard.upstream.builtin.yaml;

import org.jspecify.annotations.NullMarked;
