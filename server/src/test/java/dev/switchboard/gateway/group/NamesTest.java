package dev.switchboard.gateway.group;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
  private static final String SEVENTY = "a_tool_whose_name_is_far_too_long_for_clients_that_enforce_sixty_four_";

  @Test
  void plainNamesStayPlain() {
    assertThat(Names.exposed("github", "create_issue")).isEqualTo("github__create_issue");
  }

  @Test
  void longNamesAreCutToSixtyFourWithAStableHash() {
    String name = Names.exposed("member", SEVENTY);
    assertThat(SEVENTY).hasSize(70);
    assertThat(name).hasSize(64).startsWith("member__a_tool_whose").matches("[a-zA-Z0-9_-]+");
    assertThat(Names.exposed("member", SEVENTY)).isEqualTo(name);
    assertThat(Names.exposed("member", SEVENTY + "x")).as("same cut, other tool").isNotEqualTo(name)
        .hasSize(64);
    assertThat(Names.exposed("other", SEVENTY)).isNotEqualTo(name);
  }

  @Test
  void aNameExactlyAtTheLimitIsKept() {
    String tool = "t".repeat(64 - "fs__".length());
    assertThat(Names.exposed("fs", tool)).isEqualTo("fs__" + tool);
    assertThat(Names.exposed("fs", tool + "t")).hasSize(64).isNotEqualTo("fs__" + tool);
  }

  @Test
  void charactersOutsideTheCharsetAreReplacedAndHashed() {
    String name = Names.exposed("my.server", "read file/v2");
    assertThat(name).matches("[a-zA-Z0-9_-]+").startsWith("my_server__read_file_v2_");
    assertThat(name).isNotEqualTo(Names.exposed("my_server", "read_file_v2"));
  }
}
