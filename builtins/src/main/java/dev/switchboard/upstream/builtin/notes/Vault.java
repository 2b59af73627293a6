package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.EditConflictException;
import dev.switchboard.upstream.builtin.files.PathGuard;
import dev.switchboard.upstream.builtin.files.TextFile;
import dev.switchboard.upstream.builtin.files.TextFiles;
import dev.switchboard.upstream.builtin.files.UnsafePathException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The notes of one vault as files: client paths resolved safely, and every change made as read, transform, check,
 * atomic replace, re-index, while holding that note's lock, so two edits through Switchboard never lose each other's
 * text and an edit made elsewhere in between is refused. Every path written — notes, their temporary siblings, the
 * {@code .trash} folder — is confined by the {@link PathGuard} (and checked again just before the write), and errors
 * name files by their vault-relative path, never by where the vault lies on disk. Thread safe.
 */
final class Vault {
  private static final int STRIPES = 64;
  /** The longest name (in UTF-8 bytes) common file systems take for one file or folder. */
  static final int MAX_NAME_BYTES = 255;
  /** What {@link TextFiles} adds to a note's name for its temporary sibling: "." + name + ".{16 hex}.sbtmp". */
  private static final int TEMP_EXTRA_BYTES = 24;
  /** The longest absolute path (in bytes) Linux takes, less its terminating NUL. */
  private static final int MAX_PATH_BYTES = 4095;
  private static final Pattern TEMP_NAME = Pattern.compile("^\\.(.+)\\.[0-9a-f]{1,16}\\.sbtmp$");

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
        throw new ToolFailure("'" + raw + "' is not a valid note:// URI");
      }
      path = decoded;
    }
    if (path.endsWith("/") || path.endsWith("\\")) {
      throw new ToolFailure("'" + raw + "' names a folder; give a note's path, e.g. 'folder/Note.md'");
    }
    if (!path.toLowerCase(Locale.ROOT).endsWith(".md")) {
      path = path + ".md";
    }
    for (String segment : path.replace('\\', '/').split("/")) {
      if (utf8Length(segment) > MAX_NAME_BYTES) {
        throw new UnsafePathException(raw, "has a file or folder name longer than " + MAX_NAME_BYTES
            + " bytes, which the file system cannot store");
      }
    }
    Path file = guard.resolve(path);
    if (utf8Length(file.toString()) + TEMP_EXTRA_BYTES > MAX_PATH_BYTES) {
      throw new UnsafePathException(raw, "is too long for the file system; use fewer or shorter folder names");
    }
    return new Location(guard.relative(file), file);
  }

  /** Reads an existing note; a missing one is an error that suggests notes of the same name elsewhere. */
  TextFile read(Location note) throws IOException {
    if (Files.isDirectory(note.file())) {
      throw new ToolFailure("'" + note.path() + "' is a folder, not a note");
    }
    try {
      return TextFiles.read(note.file());
    } catch (NoSuchFileException e) {
      throw new ToolFailure(notFound(note.path()));
    } catch (FileSystemException e) {
      throw refused("Cannot read '" + note.path() + "'", note.path(), e);
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
      writable(note);
      TextFile written;
      try {
        written = TextFiles.replace(current.withText(updated));
      } catch (FileSystemException e) {
        throw refused("Cannot write '" + note.path() + "'", note.path(), e);
      }
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
          throw new ToolFailure(exists(note.path()));
        }
        return edit(note, null, current -> current.adapt(content));
      }
      writable(note);
      TextFile written = TextFiles.create(note.file(), content);
      indexed(note.path(), written);
      return written;
    } catch (FileAlreadyExistsException e) {
      if (Files.exists(note.file(), LinkOption.NOFOLLOW_LINKS)) {
        throw new ToolFailure(exists(note.path()));
      }
      throw new ToolFailure("Cannot create '" + note.path() + "': '" + shown(e.getFile(), "a file")
          + "' is a file, not a folder");
    } catch (FileSystemException e) {
      throw refused("Cannot create '" + note.path() + "'", note.path(), e);
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
      writable(to);
      try {
        Files.createDirectories(to.file().getParent());
        confined(to); // the folders just made (or found) must still lie in the vault
        Files.move(from.file(), to.file());
      } catch (FileAlreadyExistsException e) {
        throw new ToolFailure(exists(to.path()));
      } catch (FileSystemException e) {
        throw refused("Cannot move '" + from.path() + "' to '" + to.path() + "'", to.path(), e);
      }
      index.remove(from.path());
      index.refresh(to.path());
    } finally {
      b.unlock();
      a.unlock();
    }
  }

  /**
   * Moves a note into {@code .trash} (same folders, a numbered name if taken); returns its path there. The trash is
   * a path in the vault like any other: a {@code .trash} that is a symbolic link leading out of the vault is refused,
   * and nothing is written.
   */
  String trash(Location note) throws IOException {
    ReentrantLock lock = lockFor(note.path());
    lock.lock();
    try {
      read(note);
      String wanted = ".trash/" + note.path();
      Location target;
      try {
        target = new Location(wanted, guard.resolve(wanted));
        Path parent = target.file().getParent();
        Files.createDirectories(parent);
        confined(target); // .trash or a folder in it may have been swapped for a link meanwhile
        Path free = freeName(target.file());
        target = new Location(guard.relative(free), free);
        writable(target);
        Files.move(note.file(), target.file());
      } catch (UnsafePathException e) {
        throw new ToolFailure("Cannot move '" + note.path() + "' to the trash: " + e.getMessage()
            + "; nothing was changed");
      } catch (FileSystemException e) {
        throw refused("Cannot move '" + note.path() + "' to the trash", note.path(), e);
      }
      index.remove(note.path());
      return target.path();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A message about {@code e} fit for a client: file system errors name files by vault-relative path; anything else
   * has the vault's location cut out of its text.
   */
  String describe(Exception e) {
    if (e instanceof FileSystemException fs) {
      return reason(fs) + " (" + shown(fs.getFile(), "a file") + ")";
    }
    String message = String.valueOf(e.getMessage());
    return message.replace(guard.root() + "/", "").replace(guard.root().toString(), ".");
  }

  String notFound(String path) {
    String name = Note.nameOf(path).toLowerCase(Locale.ROOT);
    var similar = index.all().stream().map(Note::path)
        .filter(p -> Note.nameOf(p).toLowerCase(Locale.ROOT).equals(name)).sorted().limit(5).toList();
    return "No note at '" + path + "'" + (similar.isEmpty() ? "" : "; did you mean " + String.join(", ", similar)
        + "?");
  }

  /** Refuses to write {@code note} when its name (with our temporary sibling's) is too long, or it now lies outside. */
  private void writable(Location note) {
    if (utf8Length(note.file().getFileName().toString()) + TEMP_EXTRA_BYTES > MAX_NAME_BYTES) {
      throw new UnsafePathException(note.path(), "has a file name too long to write safely (at most "
          + (MAX_NAME_BYTES - TEMP_EXTRA_BYTES) + " bytes)");
    }
    confined(note);
  }

  /** Throws {@link UnsafePathException} unless {@code note}'s file (through any links now on the way) is in the vault. */
  private void confined(Location note) {
    guard.confine(note.file(), note.path());
  }

  /** An error for a failed file operation ({@code what}: "Cannot read 'x.md'"), naming only vault-relative paths. */
  private ToolFailure refused(String what, String path, FileSystemException e) {
    String other = e.getOtherFile() == null ? "" : ", " + shown(e.getOtherFile(), "another file");
    return new ToolFailure(what + ": " + reason(e) + " (" + shown(e.getFile(), path) + other + ")");
  }

  private static String reason(FileSystemException e) {
    if (e.getReason() != null && !e.getReason().isBlank()) {
      return e.getReason();
    }
    return e instanceof NoSuchFileException ? "No such file or folder"
        : e instanceof AccessDeniedException ? "Permission denied"
        : e instanceof FileAlreadyExistsException ? "Already exists"
        : e instanceof NotDirectoryException ? "Not a folder"
        : e instanceof DirectoryNotEmptyException ? "Folder not empty"
        : e instanceof FileSystemLoopException ? "Too many levels of symbolic links"
        : "File system error";
  }

  /**
   * A file named in a file system error, as clients may see it: its vault-relative path (a temporary sibling shown as
   * the note it stands for), or {@code otherwise} when it is not in the vault.
   */
  private String shown(@Nullable String file, String otherwise) {
    if (file == null) {
      return otherwise;
    }
    Path path;
    try {
      path = Path.of(file).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      return otherwise;
    }
    if (!path.startsWith(guard.root()) || path.equals(guard.root())) {
      return path.equals(guard.root()) ? "the vault" : otherwise;
    }
    Path name = path.getFileName();
    Matcher temp = TEMP_NAME.matcher(name.toString());
    String relative = guard.relative(temp.matches() ? path.resolveSibling(temp.group(1)) : path);
    return relative.length() > 200 ? relative.substring(0, 100) + "…" + relative.substring(relative.length() - 60)
        : relative;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
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
