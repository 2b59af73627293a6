package dev.switchboard.upstream.builtin.yaml;

/** YAML the reader cannot accept; the message names the (1-based) line. */
public final class YamlException extends IllegalArgumentException {
  public YamlException(int line, String message) {
    super("YAML line " + line + ": " + message);
  }
}
