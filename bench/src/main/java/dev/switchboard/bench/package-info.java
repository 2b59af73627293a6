/**
 * The Switchboard benchmark (run by {@code bench/run.sh}, never by {@code mvn verify}): {@code tools/call echo}
 * throughput and latency through the gateway, directly over a stdio child's pipes, and against a bare Jetty floor;
 * the time from {@code initialize} to the first tool result; the sharing policies ({@code session}, {@code shared},
 * {@code call}, with and without warm pools): new-session time, throughput on one shared child, session churn, and
 * children's and gateway memory per 100 sessions; and the gateway's heap per idle session. Everything binds to
 * 127.0.0.1 only.
 */
@NullMarked
package dev.switchboard.bench;

import org.jspecify.annotations.NullMarked;
