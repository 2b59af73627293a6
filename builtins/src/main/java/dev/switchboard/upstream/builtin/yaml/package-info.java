/**
 * YAML for the built-in servers — note frontmatter and review rule files — on Jackson's YAML module: reading a
 * document as JSON, writing one entry as block YAML, and finding the key a top-level line starts, for edits that
 * keep every other line as written.
 */
@NullMarked
package dev.switchboard.upstream.builtin.yaml;

import org.jspecify.annotations.NullMarked;
