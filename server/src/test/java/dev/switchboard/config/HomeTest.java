package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeTest {
  @TempDir
  Path dir;

  private Path write(String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    return file;
  }

  private static String server(String name) {
    return "{\"mcpServers\":{\"" + name + "\":{\"command\":\"x\"}}}";
  }

  @Test
  void homeFromEnvironment() {
    assertThat(Home.fromEnvironment(Map.of("SWITCHBOARD_HOME", dir.toString())).dir()).isEqualTo(dir);
  }

  @Test
  void homeDefaultsToDotSwitchboard() {
    Path expected = Path.of(System.getProperty("user.home"), ".switchboard");
    assertThat(Home.fromEnvironment(Map.of()).dir()).isEqualTo(expected);
    assertThat(Home.fromEnvironment(Map.of("SWITCHBOARD_HOME", "  ")).dir()).isEqualTo(expected);
  }

  @Test
  void defaultConfigIsConfigJsonInHome() {
    assertThat(new Home(dir).defaultConfig()).isEqualTo(dir.resolve("config.json"));
  }

  @Test
  void explicitFile() throws IOException {
    Path file = write("elsewhere/my.json", server("explicit"));
    write("config.json", server("fromHome"));
    Config config = new Home(dir).loadConfig(file, Map.of());
    assertThat(config.servers()).containsKey("explicit").doesNotContainKey("fromHome");
    assertThat(config.source()).isEqualTo(file);
  }

  @Test
  void explicitFileWinsOverEnvironment() throws IOException {
    Path file = write("a.json", server("explicit"));
    Path other = write("b.json", server("fromEnv"));
    Config config = new Home(dir).loadConfig(file, Map.of("SWITCHBOARD_CONFIG", other.toString()));
    assertThat(config.servers()).containsKey("explicit").doesNotContainKey("fromEnv");
  }

  @Test
  void explicitFileMustExist() {
    Path missing = dir.resolve("missing.json");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> new Home(dir).loadConfig(missing, Map.of()));
    assertThat(e.problems()).containsExactly(new ConfigException.Problem("$", "file not found"));
  }

  @Test
  void environmentFile() throws IOException {
    Path file = write("env.json", server("fromEnv"));
    write("config.json", server("fromHome"));
    Config config = new Home(dir).loadConfig(null, Map.of("SWITCHBOARD_CONFIG", file.toString()));
    assertThat(config.servers()).containsKey("fromEnv").doesNotContainKey("fromHome");
    assertThat(config.source()).isEqualTo(file);
  }

  @Test
  void environmentFileMustExist() throws IOException {
    write("config.json", server("fromHome"));
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new Home(dir).loadConfig(null, Map.of("SWITCHBOARD_CONFIG", dir.resolve("nope.json").toString())));
    assertThat(e.problems()).containsExactly(new ConfigException.Problem("$", "file not found"));
  }

  @Test
  void blankEnvironmentFileIgnored() throws IOException {
    assertThat(new Home(dir.resolve("none")).loadConfig(null, Map.of("SWITCHBOARD_CONFIG", "")).servers())
        .containsOnlyKeys(Config.defaults().servers().keySet().toArray(String[]::new));
    write("config.json", server("fromHome"));
    assertThat(new Home(dir).loadConfig(null, Map.of("SWITCHBOARD_CONFIG", " ")).servers()).containsKey("fromHome");
  }

  @Test
  void configFileResolution() {
    Home home = new Home(dir);
    assertThat(home.configFile(null, Map.of())).isEqualTo(dir.resolve("config.json"));
    assertThat(home.configFile(null, Map.of("SWITCHBOARD_CONFIG", " "))).isEqualTo(dir.resolve("config.json"));
    assertThat(home.configFile(null, Map.of("SWITCHBOARD_CONFIG", "rel/c.json")))
        .isEqualTo(Path.of("rel/c.json").toAbsolutePath());
    assertThat(home.configFile(Path.of("x.json"), Map.of("SWITCHBOARD_CONFIG", "/elsewhere.json")))
        .isEqualTo(Path.of("x.json").toAbsolutePath());
  }

  @Test
  void explicitDefaultFileMustExist() {
    Home home = new Home(dir);
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> home.loadConfig(home.defaultConfig(), Map.of()));
    assertThat(e.problems()).containsExactly(new ConfigException.Problem("$", "file not found"));
  }

  @Test
  void relativeHomeMadeAbsolute() {
    assertThat(Home.fromEnvironment(Map.of("SWITCHBOARD_HOME", "rel/home")).dir())
        .isEqualTo(Path.of("rel/home").toAbsolutePath());
  }

  @Test
  void defaultFileInHome() throws IOException {
    Path file = write("config.json", server("fromHome"));
    Config config = new Home(dir).loadConfig(null, Map.of());
    assertThat(config.servers()).containsKey("fromHome");
    assertThat(config.source()).isEqualTo(file);
  }

  @Test
  void defaultFileAbsentMeansDefaults() {
    Config config = new Home(dir.resolve("not-created")).loadConfig(null, Map.of());
    assertThat(config).isEqualTo(Config.defaults());
    assertThat(config.gateway()).isEqualTo(GatewaySettings.defaults().withDefaultServer("switchboard"));
    assertThat(config.source()).isNull();
  }

  @Test
  void invalidDefaultFileIsAnErrorNotDefaults() throws IOException {
    Path file = write("config.json", "{\"gateway\":{\"port\":\"x\"}}");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> new Home(dir).loadConfig(null, Map.of()));
    assertThat(e.getMessage()).startsWith(file.toString());
    assertThat(e.problems()).extracting(ConfigException.Problem::path).containsExactly("$.gateway.port");
  }
}
