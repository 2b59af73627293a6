/**
 * The client's moving parts, not API: outstanding calls and their answers, the event thread that runs listeners,
 * the handlers for requests the server sends, and HTTP and SSE helpers shared by the transports. Each class states
 * which thread it runs on.
 */
@NullMarked
package dev.switchboard.client.internal;

import org.jspecify.annotations.NullMarked;
