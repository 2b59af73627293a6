package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.upstream.builtin.files.TextFile;
import dev.switchboard.upstream.builtin.files.TextFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SectionsTest {
  static final String NOTE = """
      # Project

      ## Tasks

      - [ ] one
      - [ ] two

      ### Later
      - someday

      ## Log
      Started.
      """;

  @Test
  void replacingASectionKeepsItsHeadingSubsectionsGoWithIt() {
    assertThat(Sections.replace(file(NOTE), "Tasks", "- [x] done\n")).isEqualTo("""
        # Project

        ## Tasks

        - [x] done

        ## Log
        Started.
        """);
  }

  @Test
  void aNestedHeadingIsReplacedAloneAndTheLastSectionRunsToTheEnd() {
    assertThat(Sections.replace(file(NOTE), "### Later", "- soon")).contains("### Later\n- soon\n\n## Log");
    assertThat(Sections.replace(file(NOTE), "log", "Finished.")).endsWith("## Log\nFinished.\n");
  }

  @Test
  void appendingToASectionGoesAfterItsLastLine() {
    assertThat(Sections.append(file(NOTE), "Project > Tasks", "- [ ] three")).contains("""
        - [ ] two
        - [ ] three

        ### Later""");
    assertThat(Sections.append(file("## Empty\n## Next\n"), "Empty", "text")).isEqualTo("## Empty\ntext\n## Next\n");
    assertThat(Sections.append(file("## Last"), "Last", "text")).isEqualTo("## Last\ntext\n");
  }

  @Test
  void ambiguousAndMissingHeadingsAreExplained() {
    String twice = "# A\n## Notes\nx\n# B\n## Notes\ny\n";
    assertThatThrownBy(() -> Sections.find(twice, "Notes")).hasMessageContaining("appears 2 times (lines 2, 5)")
        .hasMessageContaining("'Parent > Notes'");
    assertThat(Sections.replace(file(twice), "B > Notes", "z")).isEqualTo("# A\n## Notes\nx\n# B\n## Notes\nz\n");
    assertThatThrownBy(() -> Sections.find(NOTE, "Missing")).hasMessageContaining("its headings are: # Project, "
        + "## Tasks, ### Later, ## Log");
  }

  @Test
  void headingsInCodeBlocksDoNotCount() {
    String text = "## Real\n```\n## Fake\n```\nbody\n";
    assertThat(Sections.replace(file(text), "Real", "new")).isEqualTo("## Real\nnew\n");
    assertThatThrownBy(() -> Sections.find(text, "Fake")).hasMessageContaining("No heading");
  }

  @Test
  void crlfNotesStayCrlf() {
    String crlf = NOTE.replace("\n", "\r\n");
    String replaced = Sections.replace(file(crlf), "Tasks", "- [x] done\n- [x] also\n");
    assertThat(replaced).contains("## Tasks\r\n\r\n- [x] done\r\n- [x] also\r\n\r\n## Log");
    assertThat(replaced.replace("\r\n", "")).doesNotContain("\n");
    String appended = Sections.appendToEnd(file(crlf), "new line\nand another");
    assertThat(appended).endsWith("Started.\r\nnew line\r\nand another\r\n");
  }

  static TextFile file(String text) {
    return TextFiles.decode(Path.of("n.md"), text.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
  }
}
