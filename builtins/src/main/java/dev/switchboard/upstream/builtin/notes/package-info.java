/**
 * The built-in {@code notes} server: an MCP server over a folder of Markdown notes, compatible with Obsidian vaults
 * (frontmatter, tags, {@code [[wikilinks]]}, {@code .trash}). An in-memory index of titles, tags and links is built
 * on start and kept current by a file watcher; every write is atomic and refuses to overwrite a concurrent change.
 */
@NullMarked
package dev.switchboard.upstream.builtin.notes;

import org.jspecify.annotations.NullMarked;
