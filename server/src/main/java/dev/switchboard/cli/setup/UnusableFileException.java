package dev.switchboard.cli.setup;

import java.nio.file.Path;

/** A file that cannot be read, is not JSON, or is not shaped as expected; the message names the file. Immutable. */
public final class UnusableFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Path file;

  public UnusableFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
