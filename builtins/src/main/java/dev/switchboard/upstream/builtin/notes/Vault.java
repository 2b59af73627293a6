package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.files.EditConflictException;
import dev.switchboard.upstream.builtin.files.PathGuard;
import dev.switchboard.upstream.builtin.files.TextFile;
import dev.switchboard.upstream.builtin.files.TextFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The notes of one vault as files: client paths resolved safely, and every change made as read, transform, check,
 * atomic replace, re-index, while holding that note's lock, so two edits through Switchboard never lose each other's
 * text and an edit made elsewhere in between is refused. Thread safe.
 */
final class Vault {
  private static final int STRIPES = 64;

  /** A note's vault-relative path and its real location on disk. */
  record Location(String path, Path file) {}

  /** Computes a note's new text from its current file; returning the same text writes nothing. */
  @FunctionalInterface
  interface Change {
    String apply(TextFile current) throws Exception;
  }

  private final PathGuard guard;
  private final NoteIndex index;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  Vault(PathGuard guard, NoteIndex index) {
    this.guard = guard;
    this.index = index;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  PathGuard guard() {
    return guard;
  }

  NoteIndex index() {
    return index;
  }

  /** Where a client's note path points: {@code .md} added when missing, {@code note://} URIs accepted. */
  Location locate(String raw) {
    String path = raw;
    if (NoteUris.isNoteUri(path)) {
      String decoded = NoteUris.path(path);
      if (decoded == null) {
        throw new IllegalArgumentException("'" + raw + "' is not a valid note:// URI");
      }
      path = decoded;
    }
    if (path.endsWith("/") || path.endsWith("\\")) {
      throw new IllegalArgumentException("'" + raw + "' names a folder; give a note's path, e.g. 'folder/Note.md'");
    }
    if (!path.toLowerCase(Locale.ROOT).endsWith(".md")) {
      path = path + ".md";
    }
    Path file = guard.resolve(path);
    return new Location(guard.relative(file), file);
  }

  /** Reads an existing note; a missing one is an error that suggests notes of the same name elsewhere. */
  TextFile read(Location note) throws IOException {
    if (Files.isDirectory(note.file())) {
      throw new IllegalArgumentException("'" + note.path() + "' is a folder, not a note");
    }
    try {
      return TextFiles.read(note.file());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(notFound(note.path()));
    }
  }

  /** Applies {@code change} under the note's lock; writes only when the text changed. Returns the file as it is now. */
  TextFile edit(Location note, @Nullable String expectedVersion, Change change) throws Exception {
    ReentrantLock lock = lockFor(note.path());
    lock.lock();
    try {
      TextFile current = read(note);
      if (expectedVersion != null && !expectedVersion.equals(current.version())) {
        throw new EditConflictException(note.path() + " is at version " + current.version() + ", not "
            + expectedVersion + ": it changed since you read it. Read it again and retry; nothing was written.");
      }
      String updated = change.apply(current);
      if (updated.equals(current.text())) {
        return current;
      }
      TextFile written = TextFiles.replace(current.withText(updated));
      indexed(note.path(), written);
      return written;
    } finally {
      lock.unlock();
    }
  }

  /** Creates a note, or replaces one when {@code overwrite} is set (keeping its encoding and line endings). */
  TextFile create(Location note, String content, boolean overwrite) throws Exception {
    ReentrantLock lock = lockFor(note.path());
    lock.lock();
    try {
      if (Files.exists(note.file(), LinkOption.NOFOLLOW_LINKS)) {
        if (!overwrite) {
          throw new IllegalArgumentException(exists(note.path()));
        }
        return edit(note, null, current -> current.adapt(content));
      }
      TextFile written = TextFiles.create(note.file(), content);
      indexed(note.path(), written);
      return written;
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(exists(note.path()));
    } finally {
      lock.unlock();
    }
  }

  /** Moves a note's file (never replacing another); links are the caller's business. */
  void moveFile(Location from, Location to) throws IOException {
    ReentrantLock first = lockFor(from.path());
    ReentrantLock second = lockFor(to.path());
    boolean firstIsLower = System.identityHashCode(first) <= System.identityHashCode(second);
    ReentrantLock a = firstIsLower ? first : second;
    ReentrantLock b = firstIsLower ? second : first;
    a.lock();
    b.lock();
    try {
      read(from);
      Files.createDirectories(to.file().getParent());
      try {
        Files.move(from.file(), to.file());
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(exists(to.path()));
      }
      index.remove(from.path());
      index.refresh(to.path());
    } finally {
      b.unlock();
      a.unlock();
    }
  }

  /** Moves a note into {@code .trash} (same folders, a numbered name if taken); returns its path there. */
  String trash(Location note) throws IOException {
    ReentrantLock lock = lockFor(note.path());
    lock.lock();
    try {
      read(note);
      Path target = freeName(guard.root().resolve(".trash").resolve(note.path()));
      Files.createDirectories(target.getParent());
      Files.move(note.file(), target);
      index.remove(note.path());
      return guard.relative(target);
    } finally {
      lock.unlock();
    }
  }

  String notFound(String path) {
    String name = Note.nameOf(path).toLowerCase(Locale.ROOT);
    var similar = index.all().stream().map(Note::path)
        .filter(p -> Note.nameOf(p).toLowerCase(Locale.ROOT).equals(name)).sorted().limit(5).toList();
    return "No note at '" + path + "'" + (similar.isEmpty() ? "" : "; did you mean " + String.join(", ", similar)
        + "?");
  }

  private void indexed(String path, TextFile written) {
    if (NoteIndex.isIndexable(path)) {
      index.put(path, written);
    }
  }

  private static String exists(String path) {
    return "A note already exists at '" + path + "'; choose another path, or pass overwrite: true to replace it";
  }

  private static Path freeName(Path wanted) {
    Path candidate = wanted;
    String name = Note.nameOf(wanted.getFileName().toString());
    for (int n = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); n++) {
      candidate = wanted.resolveSibling(name + " (" + n + ").md");
    }
    return candidate;
  }

  private ReentrantLock lockFor(String path) {
    return locks[Math.floorMod(path.toLowerCase(Locale.ROOT).hashCode(), STRIPES)];
  }
}
