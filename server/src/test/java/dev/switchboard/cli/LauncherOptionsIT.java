package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM options {@code bin/switchboard} gives each command, in an unpacked archive's layout (so it never builds):
 * the JDKs are stand-in scripts that answer the version probe and record the command line they were started with.
 * {@link WindowsLauncherIT} holds {@code switchboard.cmd} to the same options.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/switchboard is a POSIX shell script")
class LauncherOptionsIT {
  private static final String MAIN = "dev.switchboard.cli.Main";

  @TempDir
  static Path dir;

  private static Path install;

  @BeforeAll
  static void anUnpackedArchiveAndTwoStandInJdks() throws IOException {
    install = Files.createDirectories(dir.resolve("switchboard")).toRealPath();
    Files.createDirectories(install.resolve("bin"));
    Files.copy(Path.of("..", "bin", "switchboard"), install.resolve("bin/switchboard"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Files.createDirectories(install.resolve("lib"));
    for (String file : List.of("switchboard-server-9.9.9.jar", "switchboard-cli.aot", "switchboard-bridge.aot",
        "switchboard-daemon.aot")) {
      Files.writeString(install.resolve("lib").resolve(file), "");
    }
    jdk("j25", "25");
    jdk("j21", "21");
  }

  @Test
  void aShortCommandRunsWithC1TheSerialGcAndItsCacheWithTheArgumentsIntact() throws Exception {
    List<String> java = java("j25", "", "call", "review", "explain_rule", "two words");

    assertThat(java).containsExactly(dir.resolve("jdks/j25/bin/java").toString(), "-XX:AOTCache=" + lib("cli.aot"),
        "-Xlog:aot=off,cds=off", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dswitchboard.launcher=" + install.resolve("bin/switchboard"), "-cp", lib("server-9.9.9.jar"), MAIN, "call",
        "review", "explain_rule", "two words");
  }

  @ParameterizedTest
  @CsvSource({"run, daemon", "start, daemon", "restart, daemon", "bridge, bridge", "status, cli"})
  void eachCommandGetsItsOwnCacheAndOnlyTheDaemonRunsWithC2AndItsGcDefaults(String command, String cache)
      throws Exception {
    List<String> java = java("j25", "", command);

    assertThat(java).contains("-XX:AOTCache=" + lib(cache + ".aot")).endsWith(MAIN, command);
    assertThat(java.contains("-XX:TieredStopAtLevel=1")).isEqualTo(!cache.equals("daemon"));
    assertThat(java.containsAll(StartCommand.DAEMON_DEFAULTS)).isEqualTo(cache.equals("daemon"));
  }

  @Test
  void versionAloneMapsNoCache() throws Exception {
    List<String> java = java("j25", "", "--version");

    assertThat(java).contains("-XX:TieredStopAtLevel=1").noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
  }

  @Test
  void switchboardJavaOptsComeFirstWordByWordAfterOnlyTheDaemonsDefaults() throws Exception {
    List<String> status = java("j25", "-Xmx512m -Dsb.note=x", "status");
    List<String> daemon = java("j25", "-Xmx512m -Dsb.note=x", "run");

    assertThat(status.subList(1, 3)).containsExactly("-Xmx512m", "-Dsb.note=x");
    int after = 1 + StartCommand.DAEMON_DEFAULTS.size();
    assertThat(daemon.subList(1, after)).isEqualTo(StartCommand.DAEMON_DEFAULTS);
    assertThat(daemon.subList(after, after + 2)).containsExactly("-Xmx512m", "-Dsb.note=x");
  }

  @Test
  void aJdkOlderThan25KeepsACdsArchivePerInstallInTheCacheDirectory() throws Exception {
    List<String> java = java("j21", "", "status");

    assertThat(java).noneMatch(arg -> arg.startsWith("-XX:AOTCache")).contains("-XX:+AutoCreateSharedArchive")
        .anySatisfy(arg -> assertThat(arg).startsWith("-XX:SharedArchiveFile=" + dir.resolve(
            "cache/switchboard/cds-21-cli-"))
            .endsWith(".jsa"));
  }

  /** The command line {@code bin/switchboard ARGS} starts the stand-in JDK {@code jdk} with. */
  private static List<String> java(String jdk, String javaOpts, String... args) throws Exception {
    Path log = Files.createTempFile(dir, "java", ".log");
    ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/switchboard").toString());
    pb.command().addAll(List.of(args));
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).redirectErrorStream(true)
        .redirectOutput(dir.resolve("launcher.out").toFile());
    var env = pb.environment();
    env.put("SWITCHBOARD_JAVA_HOME", dir.resolve("jdks").resolve(jdk).toString());
    env.put("SWITCHBOARD_JAVA_OPTS", javaOpts);
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    env.put("FAKE_JAVA_LOG", log.toString());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("launcher.out"))).isZero();
    return Files.readAllLines(log);
  }

  private static String lib(String suffix) {
    return install.resolve("lib").resolve("switchboard-" + suffix).toString();
  }

  /** A JDK whose java answers the launcher's version probe and otherwise writes its command line to FAKE_JAVA_LOG. */
  private static void jdk(String name, String major) throws IOException {
    Path home = dir.resolve("jdks").resolve(name);
    Path java = home.resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + major + ".0.1\"\n");
    Files.writeString(java, """
        #!/bin/sh
        case "$*" in
          *-XshowSettings:properties*)
            echo '    java.home = %s' >&2
            echo '    java.specification.version = %s' >&2
            exit 0 ;;
        esac
        printf '%%s\\n' "$0" "$@" >"$FAKE_JAVA_LOG"
        """.formatted(home, major));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
