package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.files.PathGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A vault folder for tests: write notes by relative path, then index or serve it. Not thread safe. */
final class TestVault {
  final Path root;

  TestVault(Path root) {
    this.root = root;
  }

  TestVault note(String path, String text) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String path) {
    try {
      return Files.readString(root.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An index built by a full scan. */
  NoteIndex index() throws Exception {
    NoteIndex index = new NoteIndex(new PathGuard(root, "the vault"));
    index.rescan();
    index.markReady();
    return index;
  }

  /** A vault over a scanned index, as the server builds it. */
  Vault vault() throws Exception {
    PathGuard guard = new PathGuard(root, "the vault");
    NoteIndex index = new NoteIndex(guard);
    index.rescan();
    index.markReady();
    return new Vault(guard, index);
  }
}
