package dev.switchboard.upstream.builtin.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Confines client-supplied paths to one root directory. A path is taken apart lexically first (so the file system
 * never sees a {@code ..}), then the deepest part that exists is resolved through its symbolic links and must still
 * lie under the root's real path. Immutable and thread safe.
 */
public final class PathGuard {
  private static final Pattern ENCODED = Pattern.compile("(?i)%(2e|2f|5c|00)");
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/");

  private final Path root;
  private final String label;

  /** {@code label} names the root in messages, e.g. "the vault". The root must exist. */
  public PathGuard(Path root, String label) throws IOException {
    this.root = root.toRealPath();
    this.label = label;
    if (!Files.isDirectory(this.root)) {
      throw new IOException(root + " is not a directory");
    }
  }

  public Path root() {
    return root;
  }

  /** The file or folder {@code raw} names under the root; throws {@link UnsafePathException} when it may escape. */
  public Path resolve(String raw) {
    Path lexical = root;
    for (String segment : segments(raw)) {
      lexical = lexical.resolve(segment);
    }
    if (lexical.equals(root)) {
      throw new UnsafePathException(raw, "names " + label + " itself, not a file in it");
    }
    return confine(lexical, raw);
  }

  /** As {@link #resolve}, but an empty path or {@code .} means the root itself (a folder argument's default). */
  public Path resolveFolder(String raw) {
    if (raw.isEmpty() || raw.equals(".") || raw.equals("./")) {
      return root;
    }
    Path lexical = root;
    for (String segment : segments(raw)) {
      lexical = lexical.resolve(segment);
    }
    return confine(lexical, raw);
  }

  /**
   * The real location of an absolute path that must lie under the root: existing parts resolved through symbolic
   * links, the rest appended. Throws {@link UnsafePathException} when it lies elsewhere.
   */
  public Path confine(Path absolute, String shownAs) {
    Path normalized = absolute.toAbsolutePath().normalize();
    Path existing = deepestExisting(normalized);
    if (existing == null) {
      throw new UnsafePathException(shownAs, "lies outside " + label);
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      throw new UnsafePathException(shownAs, "goes through a symbolic link that cannot be resolved");
    }
    if (!real.startsWith(root)) {
      throw new UnsafePathException(shownAs, existing.startsWith(root)
          ? "leads outside " + label + " through a symbolic link" : "lies outside " + label);
    }
    return real.resolve(existing.relativize(normalized).toString());
  }

  /** Whether an absolute path lies under the root once symbolic links are followed; never throws. */
  public boolean contains(Path absolute) {
    try {
      confine(absolute, absolute.toString());
      return true;
    } catch (UnsafePathException e) {
      return false;
    }
  }

  /** The path under the root with {@code /} separators, as clients see it. */
  public String relative(Path inside) {
    return root.relativize(inside).toString().replace('\\', '/');
  }

  private static @Nullable Path deepestExisting(Path path) {
    Path at = path;
    while (at != null && !Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
      at = at.getParent();
    }
    return at;
  }

  /** The lexical segments of a relative path, {@code ..} applied; refuses anything that is not plainly relative. */
  private Deque<String> segments(String raw) {
    refuseShape(raw);
    Deque<String> kept = new ArrayDeque<>();
    for (String segment : raw.replace('\\', '/').split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (kept.isEmpty()) {
          throw new UnsafePathException(raw, "climbs out of " + label + " with '..'");
        }
        kept.removeLast();
      } else if (segment.indexOf(':') >= 0) {
        throw new UnsafePathException(raw, "contains ':', which is not allowed in a file name here");
      } else {
        kept.addLast(segment);
      }
    }
    return kept;
  }

  private void refuseShape(String raw) {
    if (raw.isBlank()) {
      throw new UnsafePathException(raw, "is empty");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new UnsafePathException(raw, "contains a control character (such as NUL or a line break)");
      }
    }
    String slashed = raw.replace('\\', '/');
    String reason = ENCODED.matcher(raw).find() ? "contains percent-encoded dots or separators; give the plain path"
        : raw.startsWith("~") ? "is relative to a home directory; give a path relative to " + label
        : slashed.startsWith("//") ? "is a UNC or network path; give a path relative to " + label
        : slashed.startsWith("/") ? "is absolute; give a path relative to " + label
        : DRIVE.matcher(raw).find() ? "is a Windows drive path; give a path relative to " + label
        : SCHEME.matcher(raw).find() ? "is a URL, not a path relative to " + label
        : null;
    if (reason != null) {
      throw new UnsafePathException(raw, reason);
    }
  }
}
