package dev.switchboard.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JavaLaunchTest {
  private static Properties properties(String... pairs) {
    Properties properties = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return properties;
  }

  private static String abs(String path) {
    return Path.of(path).toAbsolutePath().toString();
  }

  @Test
  void aModuleLaunchIsRepeatedOnTheModulePathWithoutTheOptionsTheLauncherDerivedFromIt() {
    Properties props = properties("jdk.module.main", "dev.switchboard.cli", "jdk.module.main.class",
        "dev.switchboard.cli.Main", "jdk.module.path", "lib", "java.class.path", "", "sun.java.command",
        "dev.switchboard.cli status");
    JavaLaunch launch = JavaLaunch.of("/jdk/bin/java",
        List.of("-Xmx64m", "--module-path=lib", "-Djdk.module.main=dev.switchboard.cli"), props, null);
    assertThat(launch.command(List.of("run", "--port", "0"))).containsExactly("/jdk/bin/java", "-Xmx64m",
        "--module-path", abs("lib"), "-m", "dev.switchboard.cli/dev.switchboard.cli.Main", "run", "--port", "0");
  }

  @Test
  void everyEntryOfARelativeModulePathIsMadeAbsolute() {
    String path = String.join(File.pathSeparator, "lib", "", "plugins");
    Properties props = properties("jdk.module.main", "m", "jdk.module.path", path);
    assertThat(JavaLaunch.of("java", List.of(), props, null).entry()).containsExactly("--module-path",
        abs("lib") + File.pathSeparator + abs("plugins"), "-m", "m");
  }

  @Test
  void aModuleInTheRuntimeImageNeedsNoModulePath() {
    Properties props = properties("jdk.module.main", "m", "jdk.module.main.class", "m.Main");
    assertThat(JavaLaunch.of("java", List.of(), props, null).entry()).containsExactly("-m", "m/m.Main");
  }

  @Test
  void aModuleLaunchKeepsItsClassPathToo() {
    Properties props = properties("jdk.module.main", "m", "jdk.module.path", "/l", "java.class.path", "/extra.jar");
    assertThat(JavaLaunch.of("java", List.of(), props, null).entry()).containsExactly("--module-path", abs("/l"),
        "-cp", "/extra.jar", "-m", "m");
  }

  @Test
  void aMainClassGivenInANamedModuleStartsThatModule() {
    Properties props = properties("jdk.module.main", "m", "jdk.module.main.class", "m.Other", "jdk.module.path", "/l");
    assertThat(JavaLaunch.of("java", List.of(), props, "cli/cli.Main").entry()).containsExactly("--module-path",
        abs("/l"), "-m", "cli/cli.Main");
  }

  @Test
  void aClassPathLaunchRunsTheMainClassItRuns() {
    Properties props = properties("java.class.path", "/a.jar:/b.jar", "sun.java.command",
        "dev.switchboard.cli.Main bridge x");
    JavaLaunch launch = JavaLaunch.of("java", List.of("-XX:+UseSerialGC"), props, null);
    assertThat(launch.command(List.of("start"))).containsExactly("java", "-XX:+UseSerialGC", "-cp", "/a.jar:/b.jar",
        "dev.switchboard.cli.Main", "start");
  }

  @Test
  void aClassPathLaunchKeepsTheModulesItAddsFromAModulePath() {
    Properties props = properties("java.class.path", "/app.jar", "jdk.module.path", "/fx", "sun.java.command",
        "app.Main");
    JavaLaunch launch = JavaLaunch.of("java", List.of("--module-path=/fx", "--add-modules=javafx.base"), props, null);
    assertThat(launch.command(List.of())).containsExactly("java", "--add-modules=javafx.base", "--module-path",
        abs("/fx"), "-cp", "/app.jar", "app.Main");
  }

  @Test
  void aJarLaunchIsRepeatedWithTheJarWhateverItsNameAndSpaces() {
    Properties props = properties("java.class.path", "/opt/my apps/sb.jar", "sun.java.command",
        "/opt/my apps/sb.jar run");
    assertThat(JavaLaunch.of("java", List.of(), props, null).entry()).containsExactly("-jar", "/opt/my apps/sb.jar");
    Properties zip = properties("java.class.path", "app.ZIP", "sun.java.command", "app.ZIP");
    assertThat(JavaLaunch.of("java", List.of(), zip, null).entry()).containsExactly("-jar", "app.ZIP");
  }

  @Test
  void aMainClassGivenWinsOverWhatTheJvmRuns() {
    Properties props = properties("java.class.path", "/cp", "sun.java.command", "org.example.TestRunner 4711");
    assertThat(JavaLaunch.of("java", List.of(), props, "dev.switchboard.cli.Main").entry()).containsExactly("-cp",
        "/cp",
        "dev.switchboard.cli.Main");
  }

  @Test
  void theCurrentJvmRunsAClassOfTheClassPathFromItsClassPath() {
    JavaLaunch launch = JavaLaunch.current(JavaLaunchTest.class);
    assertThat(launch.entry()).endsWith(JavaLaunchTest.class.getName()).contains("-cp");
    assertThat(launch.java()).isEqualTo(ProcessHandle.current().info().command().orElseThrow());
  }

  @Test
  void aJvmThatNamesNoEntryPointCannotBeRepeated() {
    assertThatThrownBy(() -> JavaLaunch.of("java", List.of(), properties("java.class.path", "/cp"), null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("sun.java.command");
  }

  @Test
  void optionsCanBeDroppedAndTheEntryStays() {
    JavaLaunch launch = new JavaLaunch("java", List.of("-XX:+UseSerialGC", "-Xmx1g"), List.of("-cp", "/cp", "M"));
    assertThat(launch.withoutOptions(o -> o.startsWith("-XX:+UseSerialGC")).command(List.of()))
        .containsExactly("java", "-Xmx1g", "-cp", "/cp", "M");
  }

  @Test
  void defaultOptionsGoFirstOnceAndAnOwnValueComesAfterThemSoItWins() {
    JavaLaunch launch = new JavaLaunch("java", List.of("-XX:MaxHeapFreeRatio=50", "-XX:G1PeriodicGCInterval=15000"),
        List.of("-cp", "/cp", "M"));

    List<String> command = launch.withDefaultOptions(List.of("-XX:G1PeriodicGCInterval=15000",
        "-XX:MaxHeapFreeRatio=30")).command(List.of("run"));

    assertThat(command).containsExactly("java", "-XX:MaxHeapFreeRatio=30", "-XX:MaxHeapFreeRatio=50",
        "-XX:G1PeriodicGCInterval=15000", "-cp", "/cp", "M", "run");
  }
}
