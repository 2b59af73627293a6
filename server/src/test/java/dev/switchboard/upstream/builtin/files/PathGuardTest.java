package dev.switchboard.upstream.builtin.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathGuardTest {
  @TempDir
  Path temp;
  Path vault;
  Path outside;
  PathGuard guard;

  /** Paths that must never resolve: each could name something outside the vault on some system. */
  static Stream<String> hostile() {
    return Stream.of(
        "../x", "..\\x", "..", "./../x", "a/../../b", "a/b/../../../c", "a/./../../x",
        "/etc/passwd", "/", "C:\\Windows\\system.ini", "C:/Windows", "c:relative.md",
        "\\\\server\\share\\x", "//server/share/x", "\\\\?\\C:\\x",
        "%2e%2e/secret", "%2E%2E%2Fsecret", "..%2fsecret", "a%00.md", "%5c..%5cx",
        "note\u0000.md", "a\nb.md", "tab\there.md",
        "~/secret", "~root/x", "file:///etc/passwd", "https://evil.example/x",
        "note.md:stream", "", "   ",
        "escape/passwd", "escape/sub/new.md", "escape-file.md", "dangling.md");
  }

  @BeforeEach
  void setUp() throws IOException {
    vault = Files.createDirectories(temp.resolve("vault"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    Files.createSymbolicLink(vault.resolve("escape"), outside);
    Files.createSymbolicLink(vault.resolve("escape-file.md"), outside.resolve("passwd"));
    Files.createSymbolicLink(vault.resolve("dangling.md"), outside.resolve("nothing-here"));
    Files.createDirectories(vault.resolve("inner"));
    Files.writeString(vault.resolve("inner/real.md"), "# real");
    Files.createSymbolicLink(vault.resolve("inside-link.md"), vault.resolve("inner/real.md"));
    guard = new PathGuard(vault, "the vault");
  }

  @Test
  void theTableHoldsAtLeastTwentyHostilePaths() {
    assertThat(hostile().count()).isGreaterThanOrEqualTo(20);
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostilePathsAreRefusedWithAReason(String path) {
    assertThatThrownBy(() -> guard.resolve(path)).isInstanceOf(UnsafePathException.class)
        .hasMessageStartingWith("Refused path '").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Daily/2024-01-01.md", "Projects/Big Plan/Notes with spaces.md", "Ünïcödé/Café.md",
      "emoji 🎉/🚀 launch.md", "a/../b.md", "deep/er/and/deeper/n.md", "100% done.md", "...md", "./plain.md",
      "trailing/slash/"})
  void pathsInsideTheVaultResolveUnderIt(String path) {
    Path resolved = guard.resolve(path);
    assertThat(resolved.startsWith(guard.root())).as("%s under %s", resolved, guard.root()).isTrue();
    assertThat(guard.relative(resolved)).doesNotStartWith("/");
    assertThat(guard.relative(resolved).split("/")).doesNotContain("..");
  }

  @Test
  void aSymlinkInsideTheVaultResolvesToItsTarget() {
    assertThat(guard.resolve("inside-link.md")).isEqualTo(guard.root().resolve("inner/real.md"));
  }

  @Test
  void reasonsNameTheProblem() {
    assertThatThrownBy(() -> guard.resolve("../x")).hasMessageContaining("climbs out of the vault");
    assertThatThrownBy(() -> guard.resolve("/etc/passwd")).hasMessageContaining("is absolute");
    assertThatThrownBy(() -> guard.resolve("C:\\x")).hasMessageContaining("Windows drive");
    assertThatThrownBy(() -> guard.resolve("\\\\srv\\share")).hasMessageContaining("UNC");
    assertThatThrownBy(() -> guard.resolve("escape/passwd")).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> guard.resolve("a\u0000b")).hasMessageContaining("control character")
        .hasMessageContaining("\\u0000");
  }

  @Test
  void absolutePathsAreConfinedByTheirRealLocation() {
    assertThat(guard.contains(vault.resolve("inner/real.md"))).isTrue();
    assertThat(guard.contains(vault.resolve("inner/new-file.md"))).isTrue();
    assertThat(guard.contains(outside.resolve("passwd"))).isFalse();
    assertThat(guard.contains(vault.resolve("escape/passwd"))).isFalse();
    assertThat(guard.contains(vault.resolve("../outside/passwd"))).isFalse();
  }

  @Test
  void folderArgumentsMayNameTheRoot() {
    assertThat(guard.resolveFolder("")).isEqualTo(guard.root());
    assertThat(guard.resolveFolder(".")).isEqualTo(guard.root());
    assertThat(guard.resolveFolder("inner")).isEqualTo(guard.root().resolve("inner"));
    assertThatThrownBy(() -> guard.resolveFolder("..")).isInstanceOf(UnsafePathException.class);
  }
}
