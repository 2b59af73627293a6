package dev.switchboard.gateway.group;

import java.util.Optional;

/**
 * The reversible form of a resource URI (or URI template) that two members of a group both use:
 * {@code switchboard-member://SERVER/ORIGINAL}. Server names never hold a {@code /}, so the first one after the
 * server ends it. Stateless.
 */
public final class MemberUris {
  private static final String SCHEME = "switchboard-member://";

  private MemberUris() {}

  /** The member a prefixed URI names, and its original URI. */
  public record Origin(String member, String original) {}

  public static String prefixed(String member, String original) {
    return SCHEME + member + "/" + original;
  }

  public static Optional<Origin> parse(String uri) {
    if (!uri.startsWith(SCHEME)) {
      return Optional.empty();
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    return slash <= 0 ? Optional.empty() : Optional.of(new Origin(rest.substring(0, slash), rest.substring(slash + 1)));
  }

  /** The literal start of a URI template, before its first expression: what URIs it can produce begin with. */
  public static String literalPrefix(String template) {
    int brace = template.indexOf('{');
    return brace < 0 ? template : template.substring(0, brace);
  }
}
