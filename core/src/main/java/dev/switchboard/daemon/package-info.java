/**
 * The running gateway as one long-lived thing: it wires configuration, the routing core and the HTTP listener,
 * and owns the order of start-up and graceful shutdown.
 */
@NullMarked
package dev.switchboard.daemon;

import org.jspecify.annotations.NullMarked;
