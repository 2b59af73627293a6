package dev.switchboard.upstream.builtin;

/**
 * A tool's expected failure (no such note, a refused path): the in-process upstream answers with a result marked
 * {@code isError} that carries the message for the model to read, so the message must hold nothing the model should
 * not see. An {@link IllegalArgumentException}, so config loaders that report those keep reporting a helper's
 * failure at start-up; only this type (not any IllegalArgumentException) reaches the model as text.
 */
public class ToolFailure extends IllegalArgumentException {
  public ToolFailure(String message) {
    super(message);
  }

  public ToolFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message given at construction, which is never null; final, so no subclass words it otherwise. */
  @Override
  public final String getMessage() {
    return java.util.Objects.requireNonNull(super.getMessage());
  }
}
