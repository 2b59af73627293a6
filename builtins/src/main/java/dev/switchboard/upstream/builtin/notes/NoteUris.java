package dev.switchboard.upstream.builtin.notes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * {@code note://PATH} resource URIs: the vault-relative path with each character outside RFC 3986's unreserved set
 * (and {@code /}) percent-encoded as UTF-8, so spaces, Unicode and emoji survive any client. Stateless.
 */
final class NoteUris {
  static final String SCHEME = "note://";

  private NoteUris() {}

  static String of(String path) {
    StringBuilder out = new StringBuilder(SCHEME);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (isUnreserved(c) || c == '/') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  static boolean isNoteUri(String uri) {
    return uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /** The vault-relative path a {@code note://} URI names (percent-decoded), or null when it is not one. */
  static @Nullable String path(String uri) {
    if (!isNoteUri(uri)) {
      return null;
    }
    String encoded = uri.substring(SCHEME.length());
    int query = indexOfAny(encoded, "?#");
    return decode(query < 0 ? encoded : encoded.substring(0, query));
  }

  private static @Nullable String decode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
            || Character.digit(encoded.charAt(i + 2), 16) < 0) {
          return null;
        }
        bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
        i += 2;
      } else {
        int codePoint = encoded.codePointAt(i);
        bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint) - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
  }

  private static int indexOfAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
