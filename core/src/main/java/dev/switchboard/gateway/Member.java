package dev.switchboard.gateway;

/** A server as a member of a group: its name and the dispatcher that serves it (shared with its own endpoint). */
record Member(String name, Dispatcher dispatcher) {}
