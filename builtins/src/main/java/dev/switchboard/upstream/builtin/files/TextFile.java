package dev.switchboard.upstream.builtin.files;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A text file as it was read: its text with line endings untouched, how to encode it back, its dominant line ending,
 * and a fingerprint of its bytes ({@code version}) that a later write checks. Immutable.
 */
public record TextFile(Path path, String text, Charset charset, boolean bom, String lineEnding, String version,
    Instant modified, long size) {

  /** {@code insert} with its line breaks turned into this file's, so an edit never mixes endings. */
  public String adapt(String insert) {
    String lf = insert.replace("\r\n", "\n").replace('\r', '\n');
    return lineEnding.equals("\n") ? lf : lf.replace("\n", lineEnding);
  }

  /** The same file with different text, encoded as before; what a write is asked to produce. */
  public TextFile withText(String newText) {
    return new TextFile(path, newText, charset, bom, lineEnding, version, modified, size);
  }
}
