package dev.switchboard.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tool names pass: those matching an {@code allow} glob (every name when the list is empty) and no {@code deny}
 * glob. A glob's {@code *} matches any run of characters, {@code ?} one character; everything else is literal.
 * Immutable.
 */
public record ToolFilter(List<String> allow, List<String> deny) {
  public static final ToolFilter ALL = new ToolFilter(List.of(), List.of());

  public ToolFilter {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  public boolean permits(String name) {
    return (allow.isEmpty() || allow.stream().anyMatch(g -> matches(g, name)))
        && deny.stream().noneMatch(g -> matches(g, name));
  }

  static boolean matches(String glob, String name) {
    return regex(glob).matcher(name).matches();
  }

  private static Pattern regex(String glob) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> out.append(".*");
        case '?' -> out.append('.');
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(out.toString(), Pattern.DOTALL);
  }
}
