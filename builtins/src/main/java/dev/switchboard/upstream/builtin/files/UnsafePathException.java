package dev.switchboard.upstream.builtin.files;

import dev.switchboard.upstream.builtin.ToolFailure;

/** A client-supplied path was refused because it could lead outside its root; the message says why. */
public final class UnsafePathException extends ToolFailure {
  public UnsafePathException(String path, String reason) {
    super("Refused path '" + printable(path) + "': " + reason);
  }

  /** The path as it can be shown: control characters escaped, very long input cut. */
  static String printable(String path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.length() && out.length() < 300; i++) {
      char c = path.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.length() >= 300 ? out + "…" : out.toString();
  }
}
