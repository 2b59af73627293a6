package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoteSearchTest {
  @TempDir
  Path dir;
  NoteIndex index;

  @BeforeEach
  void setUp() throws Exception {
    index = new TestVault(dir)
        .note("Budget.md", "# Budget\nNumbers for the year.\n")
        .note("Once.md", "We talked about the budget once.\n")
        .note("Often.md", "budget here, budget there,\nBUDGET everywhere: the budget.\n")
        .note("Phrase.md", "The next quarter budget is tight.\n")
        .note("Scattered.md", "Budget first. Much later: next steps, and the quarter ends.\n")
        .note("Draft.md", "---\ntags: [draft]\n---\nbudget draft\n")
        .note("Work/Tagged.md", "---\ntags: [work/finance]\n---\nquarterly budget review\n")
        .note("Other.md", "nothing to see\n").index();
  }

  @Test
  void aTitleMatchOutranksBodyMatchesAndMoreOccurrencesOutrankFewer() {
    List<String> ranked = paths(NoteSearch.rank(index.all(), NoteSearch.parse("budget", List.of()), ""));
    assertThat(ranked.get(0)).isEqualTo("Budget.md");
    assertThat(ranked.indexOf("Often.md")).isLessThan(ranked.indexOf("Once.md"));
    assertThat(ranked).doesNotContain("Other.md");
  }

  @Test
  void searchIsCaseInsensitiveAndAllTermsMustOccur() {
    assertThat(paths(NoteSearch.rank(index.all(), NoteSearch.parse("BUDGET Quarter", List.of()), "")))
        .containsExactlyInAnyOrder("Phrase.md", "Scattered.md", "Work/Tagged.md");
  }

  @Test
  void anExactPhraseRanksAboveScatteredWordsAndQuotesRequireIt() {
    List<String> words = paths(NoteSearch.rank(index.all(), NoteSearch.parse("next quarter", List.of()), ""));
    assertThat(words).containsExactly("Phrase.md", "Scattered.md");
    assertThat(paths(NoteSearch.rank(index.all(), NoteSearch.parse("\"next quarter\"", List.of()), "")))
        .containsExactly("Phrase.md");
  }

  @Test
  void excludedWordsAndTagFiltersNarrowTheResults() {
    assertThat(paths(NoteSearch.rank(index.all(), NoteSearch.parse("budget -draft -quarter", List.of()), "")))
        .containsExactlyInAnyOrder("Budget.md", "Once.md", "Often.md");
    assertThat(paths(NoteSearch.rank(index.all(), NoteSearch.parse("budget #work", List.of()), "")))
        .containsExactly("Work/Tagged.md");
    assertThat(paths(NoteSearch.rank(index.all(), NoteSearch.parse("", List.of("draft")), "")))
        .containsExactly("Draft.md");
    assertThat(paths(NoteSearch.rank(index.all(), NoteSearch.parse("budget", List.of()), "Work")))
        .containsExactly("Work/Tagged.md");
  }

  @Test
  void snippetsCarryLineNumbersAndTheMatchingLine() {
    NoteSearch.Query query = NoteSearch.parse("everywhere", List.of());
    assertThat(NoteSearch.snippets(dir.resolve("Often.md"), query, 3))
        .containsExactly(new NoteSearch.Snippet(2, "BUDGET everywhere: the budget."));
  }

  @Test
  void anEmptyQueryIsAnError() {
    assertThatThrownBy(() -> NoteSearch.parse("  ", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Give words");
  }

  private static List<String> paths(List<NoteSearch.Hit> hits) {
    return hits.stream().map(h -> h.note().path()).toList();
  }
}
