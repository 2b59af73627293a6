package dev.switchboard.upstream.builtin.notes;

/**
 * An ATX heading ({@code ## Text}) outside code blocks. {@code line} is 0-based; {@code start} and {@code next} are
 * the offsets of its line and of the line after it. Immutable.
 */
record Heading(int level, String text, int line, int start, int next) {}
