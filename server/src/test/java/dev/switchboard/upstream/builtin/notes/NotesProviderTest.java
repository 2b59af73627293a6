package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NotesProviderTest {
  @Test
  void theDefaultVaultIsNotesInTheHomeFolder() {
    assertThat(NotesProvider.defaultVault()).isEqualTo(Path.of(System.getProperty("user.home"), "notes"));
  }

  @Test
  void aVaultPathIsExpandedAndChecked() {
    ObjectNode options = Json.object().put("vault", "~/surely-no-such-vault-here");
    assertThat(new NotesProvider().problems(options)).singleElement().asString()
        .contains(Path.of(System.getProperty("user.home"), "surely-no-such-vault-here").toString())
        .contains("does not exist");
  }
}
