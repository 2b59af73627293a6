package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoteIndexTest {
  @TempDir
  Path dir;
  TestVault vault;

  @BeforeEach
  void setUp() {
    vault = new TestVault(dir);
  }

  @Test
  void parsesTitleTagsAndLinksOutsideCode() {
    Note note = Note.parse("Projects/Plan.md", file("""
        ---
        title: The Plan
        tags: [work, Q3]
        aliases: Big plan
        related: "[[Budget]]"
        ---
        # Heading #inline-tag
        See [[Roadmap#Milestones|the milestones]] and ![[diagram]] and [notes](../Meeting%20Notes.md).
        Not a tag: #123, a URL https://x.io/#frag, and `#code` or `[[code link]]`.
        ```
        [[fenced link]] #fenced
        ```
        Nested #area/sub-area.
        """));
    assertThat(note.title()).isEqualTo("The Plan");
    assertThat(note.aliases()).containsExactly("Big plan");
    assertThat(note.tags()).containsExactly("work", "Q3", "inline-tag", "area/sub-area");
    assertThat(note.links()).extracting(NoteLink::target)
        .containsExactly("Budget", "Roadmap", "diagram", "../Meeting Notes.md");
    NoteLink roadmap = note.links().get(1);
    assertThat(roadmap.subpath()).isEqualTo("#Milestones");
    assertThat(roadmap.alias()).isEqualTo("the milestones");
    assertThat(roadmap.line()).isEqualTo(8);
    assertThat(note.links().get(2).embed()).isTrue();
    assertThat(note.links().get(3).wiki()).isFalse();
  }

  @Test
  void theFileNameIsTheTitleWithoutFrontmatter() {
    assertThat(Note.parse("a/My Note.md", file("# Something else\n")).title()).isEqualTo("My Note");
  }

  @Test
  void badFrontmatterIsRecordedNotFatal() {
    Note note = Note.parse("x.md", file("---\ntitle: [unclosed\n---\nbody #tag\n"));
    assertThat(note.frontmatterError()).startsWith("YAML line 2: ").contains("while parsing a flow sequence on line 1");
    assertThat(note.tags()).containsExactly("tag");
  }

  @Test
  void resolvesLinksTheWayObsidianDoes() throws Exception {
    vault.note("Inbox.md", "").note("Projects/Plan.md", "").note("Archive/Plan.md", "")
        .note("Archive/Old/Deep.md", "").note("Projects/Sub/Notes.md", "").note("Notes.md", "");
    NoteIndex index = vault.index();
    assertThat(index.resolve("inbox", "x.md")).isEqualTo("Inbox.md");
    assertThat(index.resolve("Plan", "Archive/Other.md")).isEqualTo("Archive/Plan.md");
    assertThat(index.resolve("Plan", "Inbox.md")).isEqualTo("Archive/Plan.md"); // shortest, then by name
    assertThat(index.resolve("Projects/Plan", "Inbox.md")).isEqualTo("Projects/Plan.md");
    assertThat(index.resolve("Old/Deep", "Inbox.md")).isEqualTo("Archive/Old/Deep.md");
    assertThat(index.resolve("Notes", "Projects/Sub/x.md")).isEqualTo("Notes.md"); // a vault path wins
    assertThat(index.resolve("./Notes", "Projects/Sub/x.md")).isEqualTo("Projects/Sub/Notes.md");
    assertThat(index.resolve("Notes.md", "Inbox.md")).isEqualTo("Notes.md");
    assertThat(index.resolve("../Plan.md", "Projects/Sub/x.md")).isEqualTo("Projects/Plan.md");
    assertThat(index.resolve("Missing", "Inbox.md")).isNull();
    assertThat(index.resolve("", "Inbox.md")).isEqualTo("Inbox.md");
  }

  @Test
  void findsBacklinksFromOtherNotes() throws Exception {
    vault.note("Target.md", "[[Target]] self link\n").note("A.md", "see [[target]]\n\nand [[Target#Part]]\n")
        .note("B/C.md", "[t](../Target.md)\n").note("D.md", "[[Elsewhere]]\n");
    NoteIndex index = vault.index();
    assertThat(index.backlinks("Target.md")).extracting(NoteIndex.Backlink::source, b -> b.link().line())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("A.md", 1), org.assertj.core.groups.Tuple.tuple("A.md", 3),
            org.assertj.core.groups.Tuple.tuple("B/C.md", 1));
  }

  @Test
  void aRescanPicksUpNewNotesAndForgetsGoneOnesButSkipsHiddenFolders() throws Exception {
    vault.note("keep.md", "x").note("gone.md", "y").note(".obsidian/workspace.md", "z").note(".trash/old.md", "t");
    NoteIndex index = vault.index();
    assertThat(index.all()).extracting(Note::path).containsExactlyInAnyOrder("keep.md", "gone.md");
    Files.delete(dir.resolve("gone.md"));
    vault.note("new/fresh.md", "n");
    index.rescan();
    assertThat(index.all()).extracting(Note::path).containsExactlyInAnyOrder("keep.md", "new/fresh.md");
  }

  private static dev.switchboard.upstream.builtin.files.TextFile file(String text) {
    return dev.switchboard.upstream.builtin.files.TextFiles.decode(Path.of("x.md"),
        text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Instant.EPOCH);
  }
}
