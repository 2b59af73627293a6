package dev.switchboard.upstream;

import org.jspecify.annotations.Nullable;

/** A snapshot of one server for health and status: its state, live connections (children), and the last error. */
public record BackendStatus(String name, String kind, BackendState state, int connections,
    @Nullable String lastError) {}
