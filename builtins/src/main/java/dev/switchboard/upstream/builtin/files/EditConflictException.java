package dev.switchboard.upstream.builtin.files;

/** A file changed (or vanished) between reading and writing it, so the write was refused and nothing changed. */
public final class EditConflictException extends Exception {
  public EditConflictException(String message) {
    super(message, null, false, false);
  }
}
