package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a stdio child the bench runs: the conformance fixture on a JVM ({@code jvm}, the default), or
 * {@code python}, {@code bench/children/echo_server.py} — a tiny echo server with no JIT whose own CPU per call is
 * a fraction of the fixture's, so the gateway's share is measured on a machine its children do not fill. Stateless.
 */
final class ChildCommand {
  private static final List<String> KINDS = List.of("jvm", "python");

  private ChildCommand() {}

  /** {@code kind} when it names a child ({@code --child}), else a clear error. */
  static String kind(String kind) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("--child is jvm or python, not " + kind);
    }
    return kind;
  }

  /** The Python echo child, relative to {@code root} (the repository). */
  static List<String> python(Path root) {
    return List.of("python3", root.resolve("bench/children/echo_server.py").toString());
  }

  /**
   * The child for {@code options.child()}; {@code tags} go on its command line (JVM options for the fixture, ignored
   * arguments for Python) so the bench can tell its processes apart.
   */
  static List<String> of(BenchOptions options, List<String> tags) {
    if (options.child().equals("python")) {
      List<String> cmd = new ArrayList<>(python(Path.of("").toAbsolutePath()));
      cmd.addAll(tags);
      return cmd;
    }
    List<String> opts = new ArrayList<>(options.childJvmOpts());
    opts.addAll(tags);
    return ChildJvm.command(opts, Servers.FIXTURE_MAIN, List.of());
  }
}
