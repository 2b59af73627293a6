package dev.switchboard.upstream.builtin;

/**
 * A tool argument is missing or unusable as given; the in-process upstream answers with a JSON-RPC invalid-params
 * error ({@code -32602}) whose message names the argument. An {@link IllegalArgumentException}, so code that already
 * treats those as the caller's mistake keeps doing so.
 */
public final class InvalidArgumentException extends IllegalArgumentException {
  private final String argument;
  private final String message;

  /** {@code message} should name {@code argument}, e.g. "Argument 'limit' must be an integer from 1 to 100". */
  public InvalidArgumentException(String argument, String message) {
    super(message);
    this.argument = argument;
    this.message = message;
  }

  /** The message given at construction, which is never null. */
  @Override
  public String getMessage() {
    return message;
  }

  /** The argument's name. */
  public String argument() {
    return argument;
  }
}
