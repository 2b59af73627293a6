package dev.switchboard.gateway.group;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The one opaque cursor over a merged list: which version of the list it was made for and where the next page
 * starts. A cursor for an older version is refused rather than served against a list that has since changed.
 * Stateless.
 */
public final class Cursors {
  private static final String PREFIX = "sbg1:";

  private Cursors() {}

  /** Where a page starts in the merged list of one {@code generation}. */
  public record Position(long generation, int offset) {}

  public static String encode(Position position) {
    String text = PREFIX + position.generation() + ":" + position.offset();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The position, or empty when the text is no cursor this gateway made. */
  public static Optional<Position> decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith(PREFIX)) {
        return Optional.empty();
      }
      String[] parts = text.substring(PREFIX.length()).split(":", -1);
      if (parts.length != 2) {
        return Optional.empty();
      }
      Position p = new Position(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
      return p.offset() < 0 ? Optional.empty() : Optional.of(p);
    } catch (IllegalArgumentException e) { // bad base64 or a bad number (NumberFormatException is one)
      return Optional.empty();
    }
  }
}
