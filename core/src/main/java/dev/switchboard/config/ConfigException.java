package dev.switchboard.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used; lists every problem, each with the file and the JSON path it concerns. */
public final class ConfigException extends RuntimeException {
  private final List<Problem> problems;

  public ConfigException(String source, List<Problem> problems) {
    super(source + ": invalid configuration\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining(
        "\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** One problem: where ({@code $.mcpServers.x.args[1]}) and what was expected. */
  public record Problem(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }
}
