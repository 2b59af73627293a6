/**
 * Access control independent of any wire: API keys checked in constant time, the principal a request acts as,
 * per-key token-bucket rate limits, throttling of addresses that keep failing, and the audit trail. Keys are never
 * logged; only their names are.
 */
@NullMarked
package dev.switchboard.security;

import org.jspecify.annotations.NullMarked;
