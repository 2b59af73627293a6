package dev.switchboard.cli.launch;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A JVM's command line in three parts: the {@code java} executable, the JVM options, and the entry point — the module
 * path and class path this JVM has, then {@code -m MODULE/CLASS}, {@code -jar JAR} or a main class. {@link #current()}
 * reads this JVM's, so a command started on the module path starts its daemon on the module path too. Immutable.
 *
 * @param java the {@code java} executable
 * @param options the JVM options, without those that restate the entry point
 * @param entry the arguments that name the code to run, before the program's own
 */
public record JavaLaunch(String java, List<String> options, List<String> entry) {
  /** Options that restate the entry point: the launcher turns {@code --module-path}/{@code -m} into the first two. */
  private static final List<String> ENTRY_OPTIONS =
      List.of("--module-path=", "-Djdk.module.main=", "-Djdk.module.main.class=", "-Djdk.module.path=");

  public JavaLaunch {
    options = List.copyOf(options);
    entry = List.copyOf(entry);
  }

  /** This JVM's launch, with the main class it runs. */
  public static JavaLaunch current() {
    return current(null);
  }

  /**
   * This JVM's launch with {@code main} as its entry point (in its named module, if it has one): what a command uses
   * that must run {@code main} even where this JVM runs something else, such as a test runner.
   */
  public static JavaLaunch current(@Nullable Class<?> main) {
    String mainClass = main == null ? null
        : main.getModule().isNamed() ? main.getModule().getName() + "/" + main.getName() : main.getName();
    return of(ProcessHandle.current().info().command().orElse("java"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperties(), mainClass);
  }

  /**
   * The launch a JVM with these input arguments and system properties was started with; {@code main} is a class
   * name, or {@code MODULE/CLASS} for one in a named module.
   *
   * @throws IllegalStateException when neither {@code main} nor the properties name an entry point (an embedded JVM)
   */
  static JavaLaunch of(String java, List<String> inputArguments, Properties properties, @Nullable String main) {
    List<String> options = inputArguments.stream().filter(option -> !restatesEntry(option)).toList();
    List<String> entry = new ArrayList<>();
    String modulePath = properties.getProperty("jdk.module.path", "");
    if (!modulePath.isEmpty()) {
      entry.addAll(List.of("--module-path", absolute(modulePath)));
    }
    String classPath = properties.getProperty("java.class.path", "");
    List<String> start = main != null ? startAt(main) : startAsLaunched(properties, classPath);
    if (!classPath.isEmpty() && !start.getFirst().equals("-jar")) {
      entry.addAll(List.of("-cp", classPath));
    }
    entry.addAll(start);
    return new JavaLaunch(java, options, entry);
  }

  private static boolean restatesEntry(String option) {
    return ENTRY_OPTIONS.stream().anyMatch(option::startsWith);
  }

  private static List<String> startAt(String main) {
    return main.contains("/") ? List.of("-m", main) : List.of(main);
  }

  /** How the JVM with these properties was told what to run: {@code -m}, {@code -jar} or a main class. */
  private static List<String> startAsLaunched(Properties properties, String classPath) {
    String module = properties.getProperty("jdk.module.main");
    if (module != null) {
      String mainClass = properties.getProperty("jdk.module.main.class");
      return List.of("-m", mainClass == null ? module : module + "/" + mainClass);
    }
    String command = properties.getProperty("sun.java.command", "").strip();
    if (command.isEmpty()) {
      throw new IllegalStateException("cannot tell which entry point this JVM runs (no sun.java.command)");
    }
    if (command.equals(classPath) || command.startsWith(classPath + " ")) {
      return List.of("-jar", classPath); // java -jar: the jar is the whole class path (its name may hold spaces)
    }
    return List.of(command.split("\\s+", 2)[0]);
  }

  /** Each entry of a module path made absolute: {@code ps} and the logs then say which modules a daemon runs. */
  private static String absolute(String modulePath) {
    return Arrays.stream(modulePath.split(File.pathSeparator)).filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
  }

  /** The same launch without the JVM options {@code drop} matches. */
  public JavaLaunch withoutOptions(Predicate<String> drop) {
    return new JavaLaunch(java, options.stream().filter(drop.negate()).toList(), entry);
  }

  /**
   * The same launch with each of {@code defaults} it does not already have put first: an option of its own naming the
   * same flag with another value comes later, and the JVM takes the last.
   */
  public JavaLaunch withDefaultOptions(List<String> defaults) {
    List<String> merged = new ArrayList<>(defaults.stream().filter(d -> !options.contains(d)).toList());
    merged.addAll(options);
    return new JavaLaunch(java, merged, entry);
  }

  /** The full command line: {@code java}, options, entry point, then {@code arguments}. */
  public List<String> command(List<String> arguments) {
    List<String> command = new ArrayList<>(1 + options.size() + entry.size() + arguments.size());
    command.add(java);
    command.addAll(options);
    command.addAll(entry);
    command.addAll(arguments);
    return command;
  }
}
