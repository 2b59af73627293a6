package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoteMoverTest {
  @TempDir
  Path dir;

  @Test
  void renamingRewritesEveryStyleOfLinkToTheNote() throws Exception {
    TestVault files = new TestVault(dir)
        .note("Projects/Plan.md", "# Plan\nSee [[Plan#Goals]] and [budget](Budget.md).\n")
        .note("Projects/Budget.md", "numbers\n")
        .note("Home.md", "[[Plan]] · [[Plan|the plan]] · ![[Plan#^block]] · [[Projects/Plan]] · [[Plan.md]]\n"
            + "md: [p](Projects/Plan.md) and [q](<Projects/Plan.md#Goals>)\n")
        .note("Daily/Today.md", "---\nrelated: \"[[Plan]]\"\n---\nrel: [p](../Projects/Plan.md)\n`[[Plan]]` in code\n")
        .note("Other.md", "[[Planning]] and [[Elsewhere]]\n");
    Vault vault = files.vault();
    NoteMover.Result result = NoteMover.move(vault, "Projects/Plan", "Archive/Q3 Plan.md", true);

    assertThat(result.to()).isEqualTo("Archive/Q3 Plan.md");
    assertThat(result.updated()).containsExactlyInAnyOrder("Home.md", "Daily/Today.md", "Archive/Q3 Plan.md");
    assertThat(result.failed()).isEmpty();
    assertThat(files.read("Home.md")).isEqualTo(
        "[[Q3 Plan]] · [[Q3 Plan|the plan]] · ![[Q3 Plan#^block]] · [[Archive/Q3 Plan]] · [[Q3 Plan.md]]\n"
            + "md: [p](Archive/Q3%20Plan.md) and [q](<Archive/Q3 Plan.md#Goals>)\n");
    assertThat(files.read("Daily/Today.md")).isEqualTo(
        "---\nrelated: \"[[Q3 Plan]]\"\n---\nrel: [p](../Archive/Q3%20Plan.md)\n`[[Plan]]` in code\n");
    assertThat(files.read("Archive/Q3 Plan.md")).isEqualTo(
        "# Plan\nSee [[Q3 Plan#Goals]] and [budget](../Projects/Budget.md).\n");
    assertThat(files.read("Other.md")).isEqualTo("[[Planning]] and [[Elsewhere]]\n");
    assertThat(dir.resolve("Projects/Plan.md")).doesNotExist();
    assertThat(vault.index().get("Archive/Q3 Plan.md")).isPresent();
    assertThat(vault.index().backlinks("Archive/Q3 Plan.md")).extracting(NoteIndex.Backlink::source)
        .contains("Home.md", "Daily/Today.md");
  }

  @Test
  void aNameThatBecomesAmbiguousIsWrittenAsAPath() throws Exception {
    TestVault files = new TestVault(dir).note("A/Note.md", "a").note("B/Other.md", "b").note("Links.md", "[[Other]]\n");
    Vault vault = files.vault();
    NoteMover.move(vault, "B/Other.md", "C/Note.md", true);
    assertThat(files.read("Links.md")).isEqualTo("[[C/Note]]\n");
  }

  @Test
  void movingIntoAFolderKeepsTheNameAndNeverReplacesANote() throws Exception {
    TestVault files = new TestVault(dir).note("x.md", "x").note("Archive/y.md", "y").note("y.md", "other y");
    Vault vault = files.vault();
    assertThat(NoteMover.move(vault, "x", "Archive/", true).to()).isEqualTo("Archive/x.md");
    assertThatThrownBy(() -> NoteMover.move(vault, "y.md", "Archive/y.md", true))
        .hasMessageContaining("already exists");
    assertThat(files.read("Archive/y.md")).isEqualTo("y");
  }

  @Test
  void deletingMovesToTrashWhereMovingBackRestores() throws Exception {
    TestVault files = new TestVault(dir).note("Ideas/Idea.md", "one").note(".trash/Ideas/Idea.md", "older");
    Vault vault = files.vault();
    String trashed = vault.trash(vault.locate("Ideas/Idea"));
    assertThat(trashed).isEqualTo(".trash/Ideas/Idea (2).md");
    assertThat(files.read(trashed)).isEqualTo("one");
    assertThat(vault.index().get("Ideas/Idea.md")).isEmpty();
    NoteMover.move(vault, trashed, "Ideas/Idea.md", true);
    assertThat(files.read("Ideas/Idea.md")).isEqualTo("one");
    assertThat(vault.index().get("Ideas/Idea.md")).isPresent();
  }
}
