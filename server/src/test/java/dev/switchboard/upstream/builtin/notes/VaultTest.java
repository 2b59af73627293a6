package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.upstream.builtin.files.EditConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {
  @TempDir
  Path dir;

  @Test
  void concurrentEditsThroughTheVaultAreSerializedAndNoneIsLost() throws Exception {
    TestVault files = new TestVault(dir).note("log.md", "# Log\n");
    Vault vault = files.vault();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> edits = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String line = "entry " + i;
        edits.add(threads.submit(() -> vault.edit(vault.locate("log"), null, f -> Sections.appendToEnd(f, line))));
      }
      for (Future<?> edit : edits) {
        edit.get();
      }
    }
    String text = files.read("log.md");
    for (int i = 0; i < 50; i++) {
      assertThat(text).contains("entry " + i + "\n");
    }
    assertThat(text.lines().count()).isEqualTo(51);
  }

  @Test
  void anEditMadeElsewhereWhileWeWorkIsNotOverwritten() throws Exception {
    TestVault files = new TestVault(dir).note("n.md", "original\n");
    Vault vault = files.vault();
    assertThatThrownBy(() -> vault.edit(vault.locate("n.md"), null, current -> {
      Files.writeString(dir.resolve("n.md"), "edited in another app\n"); // lands between our read and our write
      return current.text() + "ours\n";
    })).isInstanceOf(EditConflictException.class).hasMessageContaining("changed on disk");
    assertThat(files.read("n.md")).isEqualTo("edited in another app\n");
  }

  @Test
  void anExpectedVersionThatIsNoLongerCurrentIsRefused() throws Exception {
    TestVault files = new TestVault(dir).note("n.md", "v1\n");
    Vault vault = files.vault();
    String v1 = vault.read(vault.locate("n")).version();
    vault.edit(vault.locate("n"), v1, f -> "v2\n");
    assertThatThrownBy(() -> vault.edit(vault.locate("n"), v1, f -> "v3\n")).isInstanceOf(EditConflictException.class)
        .hasMessageContaining("is at version").hasMessageContaining("not " + v1);
    assertThat(files.read("n.md")).isEqualTo("v2\n");
  }

  @Test
  void notesAreFoundWithOrWithoutTheirExtensionAndMissingOnesSuggestNamesakes() throws Exception {
    TestVault files = new TestVault(dir).note("Deep/Folder/Café ☕ notes.md", "x");
    Vault vault = files.vault();
    assertThat(vault.locate("Deep/Folder/Café ☕ notes").path()).isEqualTo("Deep/Folder/Café ☕ notes.md");
    assertThat(vault.locate("note://Deep/Folder/Caf%C3%A9%20%E2%98%95%20notes.md").path())
        .isEqualTo("Deep/Folder/Café ☕ notes.md");
    assertThatThrownBy(() -> vault.read(vault.locate("Café ☕ notes"))).hasMessageContaining("did you mean "
        + "Deep/Folder/Café ☕ notes.md");
    assertThatThrownBy(() -> vault.locate("Deep/")).hasMessageContaining("names a folder");
  }

  @Test
  void creatingRefusesToReplaceUnlessAsked() throws Exception {
    TestVault files = new TestVault(dir).note("n.md", "keep\r\n");
    Vault vault = files.vault();
    assertThatThrownBy(() -> vault.create(vault.locate("n"), "new", false)).hasMessageContaining("already exists");
    vault.create(vault.locate("n"), "replaced\nwith crlf kept\n", true);
    assertThat(files.read("n.md")).isEqualTo("replaced\r\nwith crlf kept\r\n");
  }
}
