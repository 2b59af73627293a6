package dev.switchboard.upstream.builtin.files;

import dev.switchboard.upstream.builtin.InvalidArgumentException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.regex.PatternSyntaxException;

/** Glob matchers from a tool's arguments. Stateless. */
public final class Globs {
  private Globs() {}

  /** The matcher of {@code glob}, given as {@code argument}; one the JDK cannot read is that argument's fault. */
  public static PathMatcher matcher(String glob, String argument) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new InvalidArgumentException(argument, "Argument '" + argument + "' holds an invalid glob '" + glob
          + "': " + e.getDescription() + " near index " + e.getIndex());
    }
  }
}
