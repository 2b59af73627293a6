package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.testing.Programs;
import dev.switchboard.testing.Wine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bin/switchboard.cmd} run by a real {@code cmd.exe}, Wine's, in an archive layout under a path with spaces and
 * parentheses. The JDKs are stand-ins: one {@code java.exe} built here with MinGW from {@code windows/fakejava.c}
 * answers the version probe and records the command line it got, so each test sees which JDK the script chose and
 * exactly how it started it (the Java side of every Windows branch has its own unit tests).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs the script under Wine; on Windows it would need no stand-ins")
class WindowsLauncherIT {
  private static final String MINGW = "x86_64-w64-mingw32-gcc";
  private static final String JAR = "switchboard-server-9.9.9.jar";
  private static final String MAIN = "dev.switchboard.cli.Main";

  @TempDir
  static Path dir;

  private static Wine wine;
  private static Path fakeJava;
  private static Path install;
  private static Path programFiles;

  private final Map<String, String> env = new HashMap<>();

  record Result(int exit, String output, List<String> java) {}

  @BeforeAll
  static void wineAStandInJavaAndAnUnpackedArchive() throws Exception {
    assumeTrue(Wine.installed(), "Wine is not installed (Debian package 'wine64'); .ci/run installs it");
    assumeTrue(Programs.onPath(MINGW).isPresent(),
        "MinGW is not installed (Debian package 'gcc-mingw-w64-x86-64'); .ci/run installs it");
    wine = new Wine(dir);
    Path source = dir.resolve("fakejava.c");
    try (InputStream in = WindowsLauncherIT.class.getResourceAsStream("/windows/fakejava.c")) {
      Files.copy(Objects.requireNonNull(in, "windows/fakejava.c"), source);
    }
    fakeJava = dir.resolve("fakejava.exe");
    Wine.Result built = wine.exec(dir, List.of(MINGW, "-O", "-Wall", "-o", fakeJava.toString(), source.toString()),
        Map.of());
    assertThat(built.exit()).as(built.output()).isZero();
    install = dir.resolve("Apps (x86)/switchboard");
    Files.createDirectories(install.resolve("bin"));
    Files.createDirectories(install.resolve("lib"));
    Files.copy(Path.of("..", "bin", "switchboard.cmd"), install.resolve("bin/switchboard.cmd"));
    // As a user types it at a prompt: the quoted path, then the arguments (cmd /c would strip the first quote).
    Files.writeString(dir.resolve("typed.cmd"), "@\"" + windows(install.resolve("bin/switchboard.cmd")) + "\" %*\r\n");
    for (String file : List.of(JAR, "switchboard-cli.aot", "switchboard-bridge.aot", "switchboard-daemon.aot")) {
      Files.writeString(install.resolve("lib").resolve(file), "");
    }
    programFiles = wine.driveC().resolve("Program Files");
    jdk("a25", "25.0.1", null);
    jdk("a21", "21.0.5", null);
    jdk("a17", "17.0.9", null);
    jdk("p25", null, "25");
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      wine.close();
    }
  }

  @BeforeEach
  void logFile() {
    env.put("FAKE_JAVA_LOG", windows(dir.resolve("java.log")));
  }

  @Test
  void theJdkItIsGivenRunsTheCliWithItsCacheItsFlagsAndTheArgumentsIntact() throws Exception {
    env.put("SWITCHBOARD_JAVA_HOME", windows(dir.resolve("jdks/a25")));
    env.put("FAKE_JAVA_EXIT", "3");

    Result result = run("call", "review", "explain_rule", "--arg", "id=transport/http-url", "two words");

    assertThat(result.exit()).as("the CLI's exit status is the script's: " + result.output()).isEqualTo(3);
    assertThat(result.java()).containsExactly(windows(dir.resolve("jdks/a25/bin/java.exe")),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:AOTCache=" + lib("switchboard-cli.aot"),
        "-Xlog:aot=off,cds=off", "-Dswitchboard.launcher=" + windows(install.resolve("bin/switchboard.cmd")), "-cp",
        lib(JAR), MAIN, "call", "review", "explain_rule", "--arg", "id=transport/http-url", "two words");
  }

  @Test
  void switchboardJavaOptsComeFirstWordByWordAfterOnlyTheDaemonsDefaults() throws Exception {
    env.put("SWITCHBOARD_JAVA_HOME", windows(dir.resolve("jdks/a25")));
    env.put("SWITCHBOARD_JAVA_OPTS", "-Xmx512m -Dsb.note=x");

    List<String> status = run("status").java();
    List<String> daemon = run("run").java();

    assertThat(status.subList(1, 3)).containsExactly("-Xmx512m", "-Dsb.note=x");
    int after = 1 + StartCommand.DAEMON_DEFAULTS.size();
    assertThat(daemon.subList(1, after)).isEqualTo(StartCommand.DAEMON_DEFAULTS);
    assertThat(daemon.subList(after, after + 2)).containsExactly("-Xmx512m", "-Dsb.note=x");
    assertThat(daemon).endsWith(MAIN, "run");
  }

  @ParameterizedTest
  @CsvSource({"run, daemon", "start, daemon", "RESTART, daemon", "bridge, bridge", "status, cli"})
  void eachCommandGetsItsOwnCacheOnlyShortCommandsRunWithC1AndOnlyTheDaemonGetsItsGcDefaults(String command,
      String cache) throws Exception {
    env.put("SWITCHBOARD_JAVA_HOME", windows(dir.resolve("jdks/a25")));

    List<String> java = run(command).java();

    assertThat(java).contains("-XX:AOTCache=" + lib("switchboard-" + cache + ".aot")).endsWith(MAIN, command);
    assertThat(java.contains("-XX:TieredStopAtLevel=1")).isEqualTo(!cache.equals("daemon"));
    assertThat(java.containsAll(StartCommand.DAEMON_DEFAULTS)).isEqualTo(cache.equals("daemon"));
  }

  @Test
  void aJdkOlderThan25GetsNoCache() throws Exception {
    env.put("SWITCHBOARD_JAVA_HOME", windows(dir.resolve("jdks/a21")));

    List<String> java = run("status").java();

    assertThat(java).first().isEqualTo(windows(dir.resolve("jdks/a21/bin/java.exe")));
    assertThat(java).contains("-XX:TieredStopAtLevel=1").noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
  }

  @Test
  void switchboardJavaHomeOlderThan21IsRefusedWithoutLookingFurther() throws Exception {
    env.put("SWITCHBOARD_JAVA_HOME", windows(dir.resolve("jdks/a17")));
    env.put("JAVA_HOME", windows(dir.resolve("jdks/a25")));

    Result result = run("status");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output()).contains("SWITCHBOARD_JAVA_HOME=" + windows(dir.resolve("jdks/a17")),
        "is not a Java 21 or newer JDK");
    assertThat(result.java()).isEmpty();
  }

  @Test
  void javaHomeComesBeforePathEvenWhenPathHasANewerJdk() throws Exception {
    env.put("JAVA_HOME", windows(dir.resolve("jdks/a21")));
    env.put("WINEPATH", windows(dir.resolve("jdks/p25/bin")));

    assertThat(run("status").java()).first().isEqualTo(windows(dir.resolve("jdks/a21/bin/java.exe")));
  }

  @Test
  void aJavaOnPathWithNoReleaseFileIsAskedItsVersion() throws Exception {
    env.put("JAVA_HOME", windows(dir.resolve("jdks/a17")));
    env.put("WINEPATH", windows(dir.resolve("jdks/p25/bin")));

    List<String> java = run("status").java();

    assertThat(java).first().isEqualTo(windows(dir.resolve("jdks/p25/bin/java.exe")));
    assertThat(java).contains("-XX:AOTCache=" + lib("switchboard-cli.aot"));
  }

  @Test
  void withNothingSetTheNewestInstalledJdkIsTakenAndWithNoneItSaysWhatToSet() throws Exception {
    Result none = run("status");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.output()).contains("Switchboard needs Java 21 or newer; set SWITCHBOARD_JAVA_HOME");

    Path vendor = programFiles.resolve("Eclipse Adoptium");
    try {
      jdk(vendor.resolve("jdk-21.0.5"), "21.0.5", null);
      jdk(vendor.resolve("jdk-25.0.1"), "25.0.1", null);
      jdk(programFiles.resolve("Java/jdk-17"), "17.0.2", null);

      assertThat(run("status").java()).first()
          .isEqualTo("C:\\Program Files\\Eclipse Adoptium\\jdk-25.0.1\\bin\\java.exe");
    } finally {
      Wine.deleteTree(programFiles.resolve("Eclipse Adoptium"));
      Wine.deleteTree(programFiles.resolve("Java"));
    }
  }

  @Test
  void anArchiveWithoutItsJarSaysSo() throws Exception {
    env.put("SWITCHBOARD_JAVA_HOME", windows(dir.resolve("jdks/a25")));
    Path jar = install.resolve("lib").resolve(JAR);
    Files.move(jar, dir.resolve(JAR));
    try {
      Result result = run("status");

      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.output()).contains(windows(install.resolve("lib")), "holds no switchboard-server jar");
      assertThat(result.java()).isEmpty();
    } finally {
      Files.move(dir.resolve(JAR), jar);
    }
  }

  private Result run(String... args) throws Exception {
    Path log = dir.resolve("java.log");
    Files.deleteIfExists(log);
    List<String> command = new ArrayList<>(List.of("cmd", "/c", windows(dir.resolve("typed.cmd"))));
    command.addAll(List.of(args));
    Wine.Result result = wine.run(command, env);
    List<String> java = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    return new Result(result.exit(), result.output(), java);
  }

  private static void jdk(String name, String release, String spec) throws IOException {
    jdk(dir.resolve("jdks").resolve(name), release, spec);
  }

  /** A JDK home whose version is in its release file, or (spec) only in what its java says when asked. */
  private static void jdk(Path home, String release, String spec) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.copy(fakeJava, home.resolve("bin/java.exe"));
    if (release != null) {
      Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Stand-in\"\nJAVA_VERSION=\"" + release + "\"\n");
    }
    if (spec != null) {
      Files.writeString(home.resolve("bin/spec"), spec + "\n");
    }
  }

  private static String lib(String file) {
    return windows(install.resolve("lib").resolve(file));
  }

  private static String windows(Path path) {
    return Wine.windowsPath(path);
  }

}
