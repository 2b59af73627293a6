package dev.switchboard.upstream.builtin.review;

import java.util.Arrays;
import java.util.Locale;

/** What text a regular-expression rule sees. Comments never hold code, so most rules look at {@link #CODE}. */
public enum Scope {
  /** The source with comments blanked (the default). */
  CODE,
  /** The source with comments and the contents of string literals blanked. */
  CODE_WITHOUT_STRINGS,
  /** The source as it is, comments included (secrets leak from comments too). */
  TEXT;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Scope parse(String text) {
    return Arrays.stream(values()).filter(s -> s.label().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown scope '" + text + "'; use one of "
            + Arrays.stream(values()).map(Scope::label).toList()));
  }
}
