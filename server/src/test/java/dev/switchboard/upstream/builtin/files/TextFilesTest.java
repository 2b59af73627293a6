package dev.switchboard.upstream.builtin.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
  @TempDir
  Path dir;

  @Test
  void crlfFilesKeepTheirLineEndingsWhenEdited() throws Exception {
    Path file = dir.resolve("win.md");
    Files.writeString(file, "one\r\ntwo\r\n");
    TextFile read = TextFiles.read(file);
    assertThat(read.lineEnding()).isEqualTo("\r\n");
    TextFiles.replace(read.withText(read.text() + read.adapt("three\nfour\n")));
    assertThat(Files.readString(file)).isEqualTo("one\r\ntwo\r\nthree\r\nfour\r\n");
  }

  @Test
  void aByteOrderMarkAndUtf16SurviveARewrite() throws Exception {
    Path bom = dir.resolve("bom.md");
    byte[] mark = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(bom, concat(mark, "héllo\n".getBytes(StandardCharsets.UTF_8)));
    TextFile read = TextFiles.read(bom);
    assertThat(read.text()).isEqualTo("héllo\n");
    TextFiles.replace(read.withText("héllo\nwörld\n"));
    assertThat(Files.readAllBytes(bom)).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);

    Path utf16 = dir.resolve("u16.md");
    Files.write(utf16, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "ok\n".getBytes(StandardCharsets.UTF_16LE)));
    TextFile wide = TextFiles.read(utf16);
    assertThat(wide.text()).isEqualTo("ok\n");
    TextFiles.replace(wide.withText("ok\nmore\n"));
    assertThat(TextFiles.read(utf16).text()).isEqualTo("ok\nmore\n");
    assertThat(Files.readAllBytes(utf16)).startsWith((byte) 0xFF, (byte) 0xFE);
  }

  @Test
  void bytesThatAreNotUtf8RoundTripUnchanged() throws Exception {
    Path latin = dir.resolve("latin1.md");
    byte[] original = {'c', 'a', 'f', (byte) 0xE9, '\n'};
    Files.write(latin, original);
    TextFile read = TextFiles.read(latin);
    TextFiles.replace(read.withText(read.text() + "x\n"));
    assertThat(Files.readAllBytes(latin)).isEqualTo(concat(original, new byte[] {'x', '\n'}));
  }

  @Test
  void aChangeOnDiskSinceReadingRefusesTheWriteAndKeepsTheOtherContent() throws Exception {
    Path file = dir.resolve("n.md");
    Files.writeString(file, "mine\n");
    TextFile read = TextFiles.read(file);
    Files.writeString(file, "someone else's edit\n");
    assertThatThrownBy(() -> TextFiles.replace(read.withText("mine, edited\n")))
        .isInstanceOf(EditConflictException.class).hasMessageContaining("changed on disk");
    assertThat(Files.readString(file)).isEqualTo("someone else's edit\n");
    Files.delete(file);
    assertThatThrownBy(() -> TextFiles.replace(read.withText("again\n"))).isInstanceOf(EditConflictException.class)
        .hasMessageContaining("deleted or moved");
    assertThat(file).doesNotExist();
    assertThat(leftovers()).isZero();
  }

  @Test
  void createNeverReplacesAndLeavesNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("sub/new.md");
    TextFile created = TextFiles.create(file, "first\n");
    assertThat(created.version()).isEqualTo(TextFiles.version("first\n".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> TextFiles.create(file, "second\n")).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("first\n");
    assertThat(leftovers()).isZero();
  }

  @Test
  void aRewriteKeepsThePermissions() throws Exception {
    Path file = dir.resolve("private.md");
    Files.writeString(file, "x\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    TextFiles.replace(TextFiles.read(file).withText("y\n"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void theDominantLineEndingWins() {
    assertThat(TextFiles.lineEnding("a\r\nb\r\nc\n")).isEqualTo("\r\n");
    assertThat(TextFiles.lineEnding("a\nb\nc\r\n")).isEqualTo("\n");
    assertThat(TextFiles.lineEnding("no breaks")).isEqualTo("\n");
  }

  private long leftovers() throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(p -> TextFiles.isTemporary(p.getFileName().toString())).count();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
