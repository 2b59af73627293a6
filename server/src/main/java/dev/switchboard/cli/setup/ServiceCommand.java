package dev.switchboard.cli.setup;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code switchboard service install|uninstall|print}: runs Switchboard at login under the OS's own service manager.
 * The manager's commands run only when the target OS is this machine's and the tool is on the PATH; otherwise they
 * are printed for the user. One instance per invocation; not thread safe.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
    description = {"Start Switchboard at login: a systemd user unit (Linux), a launchd agent (macOS) or a scheduled "
        + "task (Windows).",
        "print shows the file and where it goes; install writes it and enables it; uninstall stops it and removes "
            + "the file."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:cannot find the launcher bin/switchboard (set the system property "
        + "switchboard.launcher)", "2:usage error", "3:a service-manager command failed",
        "4:the service file could not be written or removed"})
public final class ServiceCommand implements Callable<Integer> {
  /** What to do with the service. */
  enum Action {
    INSTALL,
    UNINSTALL,
    PRINT;

    /** Accepts the lower-case words the help shows. */
    static final class Converter implements ITypeConverter<Action> {
      @Override
      public Action convert(String value) {
        try {
          return Action.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new TypeConversionException("expected install, uninstall or print, got \"" + value + "\"");
        }
      }
    }
  }

  @Spec
  @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", converter = Action.Converter.class,
      description = "install, uninstall or print")
  Action action = Action.PRINT;

  @Option(names = "--platform", paramLabel = "OS", converter = Os.Converter.class,
      description = "linux, macos or windows (default: this machine's)")
  @Nullable Os target;

  private final Platform platform;
  private final CommandRunner runner;
  private final Function<Os, Optional<Path>> launcher;

  public ServiceCommand() {
    this(Platform.current(), null, Launcher::find);
  }

  /** {@code runner} null means real processes. */
  ServiceCommand(Platform platform, @Nullable CommandRunner runner, Function<Os, Optional<Path>> launcher) {
    this.platform = platform;
    this.runner = runner != null ? runner : new ProcessRunner(platform);
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec().commandLine().getOut();
    PrintWriter err = spec().commandLine().getErr();
    Os os = target != null ? target : platform.os();
    ServiceLayout layout = ServiceLayout.of(os, platform);
    try {
      return switch (action) {
        case PRINT -> print(layout, out, err);
        case INSTALL -> install(layout, out, err);
        case UNINSTALL -> uninstall(layout, out, err);
      };
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int print(ServiceLayout layout, PrintWriter out, PrintWriter err) {
    Optional<String> content = content(layout, err);
    if (content.isEmpty()) {
      return 1;
    }
    out.println("File: " + layout.file());
    out.println();
    out.print(content.get());
    out.println();
    out.println("To activate it (switchboard service install writes the file and does this):");
    layout.start().forEach(s -> out.println("  " + CommandText.show(layout.os(), s.command())));
    return 0;
  }

  private int install(ServiceLayout layout, PrintWriter out, PrintWriter err) {
    Optional<String> content = content(layout, err);
    if (content.isEmpty()) {
      return 1;
    }
    try {
      for (Path dir : layout.directories()) {
        Files.createDirectories(dir);
      }
      JsonFiles.writeAtomically(layout.file(), ServiceFiles.bytes(layout.os(), content.get()));
    } catch (IOException e) {
      err.println("Cannot write " + layout.file() + ": " + e);
      return 4;
    }
    out.println("Wrote " + layout.file());
    if (!perform(layout, layout.start(), out, err)) {
      return 3;
    }
    out.println(afterInstall(layout));
    return 0;
  }

  private int uninstall(ServiceLayout layout, PrintWriter out, PrintWriter err) {
    if (!Files.exists(layout.file())) {
      out.println("Not installed: " + layout.file() + " does not exist.");
      return 0;
    }
    boolean stopped = perform(layout, layout.stop(), out, err);
    try {
      Files.delete(layout.file());
    } catch (IOException e) {
      err.println("Cannot remove " + layout.file() + ": " + e);
      return 4;
    }
    out.println("Removed " + layout.file());
    boolean reloaded = perform(layout, layout.afterRemoval(), out, err);
    return stopped && reloaded ? 0 : 3;
  }

  private Optional<String> content(ServiceLayout layout, PrintWriter err) {
    Optional<Path> script = launcher.apply(layout.os());
    if (script.isEmpty()) {
      err.println("Cannot find the launcher bin/switchboard of this build (looked from "
          + Launcher.codeSource().map(Path::toString).orElse("an unknown location")
          + "). Set the Java system property " + Launcher.PROPERTY + " to its absolute path.");
      return Optional.empty();
    }
    return Optional.of(ServiceFiles.content(layout.os(), platform, script.get()));
  }

  /** Runs the steps when they apply to this machine, else prints them; false when a required step failed. */
  private boolean perform(ServiceLayout layout, List<ServiceLayout.Step> steps, PrintWriter out, PrintWriter err) {
    if (steps.isEmpty()) {
      return true;
    }
    if (layout.os() != platform.os() || !runner.available(layout.tool())) {
      out.println((layout.os() != platform.os() ? "On the " + layout.os().id() + " machine, run:"
          : layout.tool() + " is not on the PATH; run these yourself:"));
      steps.forEach(s -> out.println("  " + CommandText.show(layout.os(), s.command())));
      return true;
    }
    for (ServiceLayout.Step step : steps) {
      String shown = CommandText.show(layout.os(), step.command());
      out.println("$ " + shown);
      CommandRunner.Result result = run(step.command());
      if (!result.output().isBlank()) {
        result.output().lines().forEach(line -> out.println("  " + line));
      }
      if (result.exitCode() != 0 && !step.mayFail()) {
        err.println(shown + " failed (exit " + result.exitCode() + "). Run the remaining steps yourself once it "
            + "works; the service file is at " + layout.file());
        return false;
      }
    }
    return true;
  }

  private CommandRunner.Result run(List<String> command) {
    try {
      return runner.run(command);
    } catch (IOException e) {
      return new CommandRunner.Result(-1, "could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandRunner.Result(-1, "interrupted");
    }
  }

  private String afterInstall(ServiceLayout layout) {
    return switch (layout.os()) {
      case LINUX -> "Switchboard starts at login. Logs: journalctl --user -u " + ServiceLayout.UNIT
          + ". To keep it running while you are logged out: loginctl enable-linger";
      case MACOS -> "Switchboard starts at login. Logs: " + ServiceLayout.logDir(platform);
      case WINDOWS -> "Switchboard starts at logon (task \"" + ServiceLayout.TASK + "\" in Task Scheduler).";
    };
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
