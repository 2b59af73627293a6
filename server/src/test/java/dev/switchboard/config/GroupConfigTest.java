package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.invalid;
import static dev.switchboard.config.ConfigLoaderTest.parse;
import static dev.switchboard.config.ConfigLoaderTest.paths;
import static dev.switchboard.config.ConfigLoaderTest.problemAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupConfigTest {
  private static final String SERVERS = """
      "mcpServers":{"github":{"command":"gh"},"fs":{"command":"fs"},"notes":{"command":"n"}}""";

  @Test
  void issueExampleReads() {
    Config config = parse("{" + SERVERS + """
        ,"gateway":{"groups":{"dev":{"servers":["github","fs","notes"],
        "tools":{"allow":["github__*","fs__read_*"],"deny":["*delete*"]}},"all":{"servers":"*"}}}}""");
    GroupSpec dev = config.gateway().groups().get("dev");
    assertThat(dev.servers()).containsExactly("github", "fs", "notes");
    assertThat(dev.tools()).isEqualTo(new ToolFilter(List.of("github__*", "fs__read_*"), List.of("*delete*")));
    assertThat(dev.listTimeout()).isEqualTo(GroupSpec.DEFAULT_LIST_TIMEOUT);
    GroupSpec all = config.gateway().groups().get("all");
    assertThat(all.servers()).isNull();
    assertThat(all.members(config.servers(), config.builtinImplicit())).containsExactly("github", "fs", "notes");
    assertThat(all.tools()).isEqualTo(ToolFilter.ALL);
  }

  @Test
  void listTimeoutAndPageSizeRead() {
    GroupSpec g = parse("{" + SERVERS + ",\"gateway\":{\"groups\":{\"g\":{\"servers\":[\"fs\"],"
        + "\"listTimeout\":\"2s\",\"pageSize\":7}}}}").gateway().groups().get("g");
    assertThat(g.listTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(g.pageSize()).isEqualTo(7);
  }

  @Test
  void everyGroupProblemIsReportedByPath() {
    ConfigException e = invalid("{" + SERVERS + """
        ,"gateway":{"groups":{"fs":{"servers":["github"]},"bad name":{"servers":"*"},
        "g":{"servers":["github","nope","github"],"tools":{"allow":"x","hide":[]},"extra":1},
        "empty":{"servers":[]},"shape":3}}}""");
    assertThat(paths(e)).containsExactlyInAnyOrder("$.gateway.groups.fs", "$.gateway.groups.bad name",
        "$.gateway.groups.g.servers[1]", "$.gateway.groups.g.servers[2]", "$.gateway.groups.g.tools.allow",
        "$.gateway.groups.g.tools.hide", "$.gateway.groups.g.extra", "$.gateway.groups.empty.servers",
        "$.gateway.groups.shape");
    assertThat(problemAt(e, "$.gateway.groups.fs").message()).contains("name of a server");
    assertThat(problemAt(e, "$.gateway.groups.g.servers[1]").message()).contains("names no server")
        .contains("nope");
  }

  @Test
  void aGroupMayNotTakeTheBuiltinServersName() {
    assertThat(paths(invalid("{" + SERVERS + ",\"gateway\":{\"groups\":{\"switchboard\":{\"servers\":\"*\"}}}}")))
        .containsExactly("$.gateway.groups.switchboard");
  }

  @Test
  void groupsMustBeAnObject() {
    assertThat(paths(invalid("{" + SERVERS + ",\"gateway\":{\"groups\":[]}}"))).containsExactly("$.gateway.groups");
  }

  @Test
  void aKeyMayFilterTools() {
    Config config = parse("{" + SERVERS + """
        ,"gateway":{"groups":{"dev":{"servers":"*"}},"auth":{"keys":[{"name":"k","key":"0123456789abcdef0123",
        "servers":["dev"],"tools":{"deny":["*delete*"]}}]}}}""");
    ApiKey key = config.gateway().security().keys().get(0);
    assertThat(key.allows("dev")).isTrue();
    assertThat(key.allows("fs")).isFalse();
    assertThat(key.tools().permits("fs__delete_file")).isFalse();
    assertThat(key.tools().permits("fs__read_file")).isTrue();
  }

  @Test
  void filtersAllowThenDeny() {
    ToolFilter f = new ToolFilter(List.of("github__*", "fs__read_?ile"), List.of("*delete*"));
    assertThat(f.permits("github__create_issue")).isTrue();
    assertThat(f.permits("github__delete_repo")).isFalse();
    assertThat(f.permits("fs__read_file")).isTrue();
    assertThat(f.permits("fs__read_files")).isFalse();
    assertThat(f.permits("notes__search")).isFalse();
    assertThat(new ToolFilter(List.of(), List.of("a.b")).permits("axb")).as("globs are literal but * and ?").isTrue();
    assertThat(ToolFilter.ALL.permits("anything")).isTrue();
  }
}
