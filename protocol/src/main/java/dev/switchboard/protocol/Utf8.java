package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Strict UTF-8 checking (RFC 3629): what the JSON parser would otherwise decode leniently — overlong forms
 * ({@code C0 80} for NUL), encoded surrogates ({@code ED A0 80}), code points past U+10FFFF ({@code F4 90 80 80}),
 * stray or missing continuation bytes — is found before parsing. Stateless.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * Why {@code bytes} are not UTF-8 JSON text, or null when they are well-formed UTF-8. A NUL byte is refused too:
   * JSON text never holds one (control characters in strings must be escaped), and without it the parser cannot
   * take the body for UTF-16 or UTF-32.
   */
  static @Nullable String problem(byte[] bytes) {
    int n = bytes.length;
    int i = 0;
    while (i < n) {
      int b = bytes[i];
      if (b > 0) { // ASCII, the common case
        i++;
        continue;
      }
      if (b == 0) {
        return "NUL byte at offset " + i + " (JSON text must be UTF-8, and never holds a raw NUL)";
      }
      int lead = b & 0xFF;
      int length;
      int min = 0x80;
      int max = 0xBF; // the range the second byte must fall in
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) {
          min = 0xA0; // below: overlong
        } else if (lead == 0xED) {
          max = 0x9F; // above: a UTF-16 surrogate, U+D800..U+DFFF
        }
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) {
          min = 0x90; // below: overlong
        } else if (lead == 0xF4) {
          max = 0x8F; // above: past U+10FFFF
        }
      } else {
        return invalid(lead, i, lead < 0xC0 ? "a continuation byte with no lead byte"
            : lead < 0xC2 ? "an overlong encoding" : "not a UTF-8 lead byte");
      }
      if (i + length > n) {
        return invalid(lead, i, "a sequence cut short by the end of the input");
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min || second > max) {
        return invalid(lead, i, second >= 0x80 && second <= 0xBF
            ? (lead == 0xED ? "an encoded surrogate" : lead == 0xF4 ? "a code point beyond U+10FFFF"
                : "an overlong encoding")
            : "a sequence cut short");
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return invalid(lead, i, "a sequence cut short");
        }
      }
      i += length;
    }
    return null;
  }

  private static String invalid(int lead, int offset, String what) {
    return String.format("Invalid UTF-8 at byte offset %d (0x%02X): %s", offset, lead, what);
  }
}
