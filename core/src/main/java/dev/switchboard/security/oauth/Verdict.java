package dev.switchboard.security.oauth;

/** What checking one access token found: a grant, or why the token is refused (for the audit log, never the token). */
public sealed interface Verdict {
  record Valid(Grant grant) implements Verdict {}

  record Invalid(String reason) implements Verdict {}
}
