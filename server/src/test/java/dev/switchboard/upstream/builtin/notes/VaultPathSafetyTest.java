package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.RecordingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every path the notes server writes goes through the vault's guard — the {@code .trash} folder included — and its
 * errors name files relative to the vault, never where the vault lies on disk. Called as the gateway calls it.
 */
@Timeout(60)
class VaultPathSafetyTest {
  @TempDir
  Path temp;
  Path vaultDir;
  Path outside;
  NotesServer server;
  RecordingClient client;

  @BeforeEach
  void setUp() throws Exception {
    vaultDir = Files.createDirectories(temp.resolve("vault"));
    outside = Files.createDirectories(temp.resolve("outside"));
    new TestVault(vaultDir).note("victim.md", "# Victim\n").note("People/Ada.md", "# Ada\n");
  }

  private void serve() throws Exception {
    server = NotesServer.open(vaultDir, "test");
    server.awaitIndexed(Duration.ofSeconds(30));
    client = new RecordingClient(server);
    client.initialize();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private List<Path> filesOutside() throws Exception {
    try (Stream<Path> walk = Files.walk(outside)) {
      return walk.filter(p -> !p.equals(outside)).toList();
    }
  }

  /** The vault's location in any spelling a message could use. */
  private void assertNoVaultLocation(String text) throws Exception {
    assertThat(text).doesNotContain(temp.toString()).doesNotContain(temp.toRealPath().toString())
        .doesNotContain(vaultDir.toRealPath().toString());
  }

  // ---- .trash must not lead out of the vault ----

  @Test
  void deleteRefusesATrashThatIsALinkOutOfTheVaultAndWritesNothingThere() throws Exception {
    Files.createSymbolicLink(vaultDir.resolve(".trash"), Files.createDirectories(outside.resolve("trash")));
    serve();
    String error = client.error("delete_note", Json.object().put("path", "victim"));
    assertThat(error).contains("victim.md").contains("outside the vault");
    assertNoVaultLocation(error);
    assertThat(filesOutside()).containsExactly(outside.resolve("trash"));
    assertThat(Files.readString(vaultDir.resolve("victim.md"))).isEqualTo("# Victim\n");
  }

  @Test
  void deleteRefusesAFolderInTheTrashThatLinksOut() throws Exception {
    Files.createDirectories(vaultDir.resolve(".trash"));
    Files.createSymbolicLink(vaultDir.resolve(".trash/People"), outside);
    serve();
    String error = client.error("delete_note", Json.object().put("path", "People/Ada"));
    assertThat(error).contains("outside the vault");
    assertThat(filesOutside()).isEmpty();
    assertThat(vaultDir.resolve("People/Ada.md")).exists();
  }

  @Test
  void deleteStillTrashesIntoARealTrashFolder() throws Exception {
    serve();
    JsonNode deleted = client.ok("delete_note", Json.object().put("path", "People/Ada"));
    assertThat(deleted.path("trashedTo").asString()).isEqualTo(".trash/People/Ada.md");
    assertThat(Files.readString(vaultDir.resolve(".trash/People/Ada.md"))).isEqualTo("# Ada\n");
    new TestVault(vaultDir).note("People/Ada.md", "# Ada again\n");
    client.ok("read_note", Json.object().put("path", "People/Ada")); // indexed or not, it is readable
    JsonNode again = client.ok("delete_note", Json.object().put("path", "People/Ada"));
    assertThat(again.path("trashedTo").asString()).isEqualTo(".trash/People/Ada (2).md");
  }

  @Test
  void aTrashThatIsAFileIsAToolErrorNamingItRelatively() throws Exception {
    Files.writeString(vaultDir.resolve(".trash"), "not a folder");
    serve();
    String error = client.error("delete_note", Json.object().put("path", "victim"));
    assertThat(error).contains("victim.md");
    assertNoVaultLocation(error);
    assertThat(vaultDir.resolve("victim.md")).exists();
  }

  // ---- over-long paths: tool errors with vault-relative text ----

  @Test
  void aNameLongerThanTheFileSystemTakesIsAToolErrorWithoutTheVaultsLocation() throws Exception {
    serve();
    String longName = "n".repeat(300);
    for (String tool : List.of("create_note", "append_note", "read_note", "delete_note")) {
      for (String path : List.of(longName, "folder/" + longName, longName + "/note")) {
        String error = client.error(tool, Json.object().put("path", path).put("content", "x")
            .put("createIfMissing", true));
        assertThat(error).as("%s %s", tool, path).contains("Refused path").contains("255");
        assertNoVaultLocation(error);
      }
    }
    String error = client.error("move_note", Json.object().put("from", "victim").put("to", "x/" + longName));
    assertThat(error).contains("Refused path");
    assertNoVaultLocation(error);
    assertThat(filesOutside()).isEmpty();
  }

  @Test
  void aPathLongerThanTheFileSystemTakesIsAToolErrorWithoutTheVaultsLocation() throws Exception {
    serve();
    String deep = ("d".repeat(200) + "/").repeat(25) + "note";
    String error = client.error("create_note", Json.object().put("path", deep).put("content", "x"));
    assertThat(error).contains("Refused path").contains("too long");
    assertNoVaultLocation(error);
  }

  @Test
  void aNameTooLongForTheTemporaryCopyIsRefusedBeforeAnythingIsWritten() throws Exception {
    serve();
    String name = "w".repeat(240); // the file system takes it, but not the ".name.md.<hex>.sbtmp" we write first
    String error = client.error("create_note", Json.object().put("path", name).put("content", "x"));
    assertThat(error).contains("too long");
    assertNoVaultLocation(error);
    try (Stream<Path> walk = Files.walk(vaultDir)) {
      assertThat(walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("w"))).isEmpty();
    }
  }

  @Test
  void linksThatCannotBeRewrittenAreReportedWithVaultRelativePaths() throws Exception {
    String linking = "l".repeat(240) + ".md"; // exists (made elsewhere), but cannot be rewritten atomically
    new TestVault(vaultDir).note(linking, "see [[victim]]\n");
    serve();
    JsonNode moved = client.ok("move_note", Json.object().put("from", "victim").put("to", "renamed"));
    JsonNode failed = moved.path("linksNotUpdated");
    assertThat(failed.size()).as("%s", moved).isEqualTo(1);
    assertThat(failed.get(0).asString()).startsWith(linking);
    assertNoVaultLocation(failed.get(0).asString());
    assertThat(vaultDir.resolve("renamed.md")).exists();
  }

  @Test
  void aFileInTheWayOfAFolderIsAToolErrorWithoutTheVaultsLocation() throws Exception {
    serve();
    String error = client.error("create_note", Json.object().put("path", "victim.md/inner").put("content", "x"));
    assertNoVaultLocation(error);
    assertThat(error).contains("victim.md");
  }
}
