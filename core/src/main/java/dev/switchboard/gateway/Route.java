package dev.switchboard.gateway;

import dev.switchboard.upstream.Backend;

/** A configured server as the gateway runs it: the backend that starts its children and the policy serving them. */
record Route(Backend backend, Dispatcher dispatcher) {}
