package dev.switchboard.cli.setup;

/** A server entry of a client file that import leaves out, and why. Immutable. */
record Skip(String name, String source, String reason) {}
