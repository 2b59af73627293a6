/**
 * The built-in {@code review} server: reviews files against rule sets (secrets, injection, weak crypto, insecure
 * transport, and pitfalls of Java, TypeScript/JavaScript, Python and Go, plus user rule files in JSON or YAML).
 * Rules are regular expressions over comment-free code or token patterns with metavariables; files are read only
 * under the allowed roots.
 */
@NullMarked
package dev.switchboard.upstream.builtin.review;

import org.jspecify.annotations.NullMarked;
