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
 * A JVM's command line in three parts: the {@code java} executable, the JVM options, and the entry point ({@code -cp
 * PATH CLASS}, {@code -jar JAR} or {@code --module-path PATH -m MODULE/CLASS}). {@link #current()} reads this JVM's,
 * so a command started on the module path starts its daemon on the module path too. Immutable; thread safe.
 *
 * @param java the {@code java} executable
 * @param options the JVM options, without those the entry point stands for
 * @param entry the arguments that name the code to run, before the program's own
 */
public record JavaLaunch(String java, List<String> options, List<String> entry) {
  /** Options the {@code java} launcher derives from {@code --module-path}/{@code -m}; {@link #entry} says them. */
  private static final List<String> ENTRY_OPTIONS =
      List.of("--module-path=", "-Djdk.module.main=", "-Djdk.module.main.class=", "-Djdk.module.path=");

  public JavaLaunch {
    options = List.copyOf(options);
    entry = List.copyOf(entry);
  }

  /** This JVM's launch, with the main class it runs. */
  public static JavaLaunch current() {
    return of(ProcessHandle.current().info().command().orElse("java"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperties(), null);
  }

  /**
   * This JVM's launch with {@code mainClass} as its entry point, from this JVM's class path or module: what a command
   * uses that must run {@code mainClass} even where this JVM runs something else (a test runner).
   */
  public static JavaLaunch current(String mainClass) {
    return of(ProcessHandle.current().info().command().orElse("java"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperties(), mainClass);
  }

  /**
   * The launch a JVM with these input arguments and system properties was started with.
   *
   * @throws IllegalStateException when the properties name no entry point (an embedded JVM, a jshell)
   */
  static JavaLaunch of(String java, List<String> inputArguments, Properties properties, @Nullable String mainClass) {
    List<String> options = inputArguments.stream().filter(option -> !isEntryOption(option)).toList();
    return new JavaLaunch(java, options, entry(properties, mainClass));
  }

  private static boolean isEntryOption(String option) {
    return ENTRY_OPTIONS.stream().anyMatch(option::startsWith);
  }

  private static List<String> entry(Properties properties, @Nullable String mainClass) {
    String module = properties.getProperty("jdk.module.main");
    if (module != null) {
      String main = mainClass != null ? mainClass : properties.getProperty("jdk.module.main.class");
      String modulePath = absolute(properties.getProperty("jdk.module.path", "."));
      return List.of("--module-path", modulePath, "-m", main == null ? module : module + "/" + main);
    }
    String classPath = properties.getProperty("java.class.path", "");
    if (mainClass != null) {
      return List.of("-cp", classPath, mainClass);
    }
    String command = properties.getProperty("sun.java.command", "").strip();
    if (command.isEmpty()) {
      throw new IllegalStateException("cannot tell which entry point this JVM runs (no sun.java.command)");
    }
    if (classPath.endsWith(".jar") && command.startsWith(classPath)) {
      return List.of("-jar", classPath); // java -jar: the jar is the whole class path (its path may hold spaces)
    }
    return List.of("-cp", classPath, command.split("\\s+", 2)[0]);
  }

  /** Each entry of a module path made absolute, so the child finds it from any working directory. */
  private static String absolute(String modulePath) {
    return Arrays.stream(modulePath.split(File.pathSeparator)).filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
  }

  /** The same launch without the JVM options {@code drop} matches. */
  public JavaLaunch withoutOptions(Predicate<String> drop) {
    return new JavaLaunch(java, options.stream().filter(drop.negate()).toList(), entry);
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
