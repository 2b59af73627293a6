package dev.switchboard.cli.setup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@link CommandRunner}: a child process per command, with a timeout so a hung manager cannot hang us. */
final class ProcessRunner implements CommandRunner {
  private static final long TIMEOUT_SECONDS = 60;

  private final Platform platform;

  ProcessRunner(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Result run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("switchboard-service", ".log");
    try {
      // Output goes to a file rather than a pipe so a chatty command cannot block on a full pipe buffer.
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + TIMEOUT_SECONDS + "s");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8).strip());
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Override
  public boolean available(String program) {
    String path = platform.env().getOrDefault("PATH", platform.env().getOrDefault("Path", ""));
    List<String> names = platform.os() == Os.WINDOWS ? List.of(program + ".exe", program) : List.of(program);
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : names) {
        if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
          return true;
        }
      }
    }
    return false;
  }
}
