package dev.switchboard.upstream.builtin.notes;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Walking a vault and doing arithmetic on vault-relative paths. Hidden folders ({@code .obsidian}, {@code .trash},
 * {@code .git}) are skipped, and symbolic links to folders are not followed, so a walk cannot leave the vault or
 * loop. Stateless.
 */
final class VaultFiles {
  private VaultFiles() {}

  /** Every indexable note under {@code root}, as vault-relative paths. */
  static List<String> notes(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(root) && dir.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE
            : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String relative = relative(root, file);
        if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && NoteIndex.isIndexable(relative)) {
          out.add(relative);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // unreadable entries are skipped, not fatal
      }
    });
    return out;
  }

  /** Every folder under {@code root} (itself included) that a watcher should watch. */
  static List<Path> folders(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        out.add(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  /** {@code folder/relative} with {@code .} and {@code ..} applied, or null when it climbs above the vault. */
  static @Nullable String join(String folder, String relative) {
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : (folder + "/" + relative).split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    return String.join("/", parts);
  }

  /** A relative path from {@code fromFolder} to {@code to}, both vault-relative, e.g. {@code ../b/Note.md}. */
  static String relativeBetween(String fromFolder, String to) {
    String[] from = fromFolder.isEmpty() ? new String[0] : fromFolder.split("/");
    String[] target = to.split("/");
    int common = 0;
    while (common < from.length && common < target.length - 1 && from[common].equals(target[common])) {
      common++;
    }
    StringBuilder out = new StringBuilder();
    for (int i = common; i < from.length; i++) {
      out.append("../");
    }
    for (int i = common; i < target.length; i++) {
      out.append(target[i]).append(i + 1 < target.length ? "/" : "");
    }
    return out.toString();
  }

  static String folderOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
