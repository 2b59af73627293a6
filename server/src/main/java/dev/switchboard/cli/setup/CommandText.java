package dev.switchboard.cli.setup;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Renders a command as text a user can paste into their shell. Stateless. */
final class CommandText {
  private static final Pattern POSIX_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  private static final Pattern WINDOWS_SAFE = Pattern.compile("[^\\s\"&|<>^()%!]+");

  private CommandText() {}

  static String show(Os os, List<String> words) {
    return os == Os.WINDOWS ? windows(words) : posix(words);
  }

  /** Single-quotes words a POSIX shell would split or expand. */
  static String posix(List<String> words) {
    return words.stream().map(w -> POSIX_SAFE.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }

  /** Double-quotes words cmd.exe would split; good enough for paths, which is what these commands carry. */
  static String windows(List<String> words) {
    return words.stream().map(w -> WINDOWS_SAFE.matcher(w).matches() ? w : "\"" + w.replace("\"", "\"\"") + "\"")
        .collect(Collectors.joining(" "));
  }
}
