/**
 * The built-in rule sets of the review server. Every rule carries examples of code it must flag and code it must
 * not, which the tests run, so a rule's regex and its documentation cannot drift apart.
 */
@NullMarked
package dev.switchboard.upstream.builtin.review.rules;

import org.jspecify.annotations.NullMarked;
