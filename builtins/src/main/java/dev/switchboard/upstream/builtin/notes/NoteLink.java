package dev.switchboard.upstream.builtin.notes;

import org.jspecify.annotations.Nullable;

/**
 * One outgoing link of a note: a {@code [[wikilink]]} or a Markdown link to a note. {@code targetStart} and
 * {@code targetEnd} bound the target as written (encoded, for Markdown links), so a rename can replace just that.
 * Immutable.
 *
 * @param target the note the link names, decoded, without {@code #heading} or alias
 * @param subpath {@code #heading} or {@code #^block}, or null
 * @param line 1-based line of the link
 * @param context the whole line, cut to 200 characters
 */
record NoteLink(String target, @Nullable String subpath, @Nullable String alias, boolean embed, boolean wiki,
    int line, int targetStart, int targetEnd, String context) {}
