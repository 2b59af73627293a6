package dev.switchboard.upstream.builtin.review;

import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.Globs;
import dev.switchboard.upstream.builtin.files.PathGuard;
import dev.switchboard.upstream.builtin.files.UnsafePathException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns the paths and globs a client asks to review into files under the allowed roots. Relative paths resolve
 * against each root; absolute ones must lie in a root; walks skip dependency, build and VCS folders and do not
 * follow symbolic links out of the roots. Not thread safe; one per call.
 */
final class FileSelection {
  static final Set<String> SKIPPED_FOLDERS = Set.of(".git", ".hg", ".svn", "node_modules", "bower_components",
      "target", "build", "dist", "out", ".venv", "venv", "__pycache__", ".idea", ".vscode", ".gradle", ".next",
      ".nuxt", "coverage", ".tox", ".mypy_cache", ".pytest_cache", "vendor", ".terraform");

  /** A file to review and how findings name it. */
  record Selected(Path file, String display) {}

  private final List<PathGuard> roots;
  private final List<PathMatcher> excludes;
  private final int maxFiles;
  private final Map<Path, Selected> files = new LinkedHashMap<>();
  private boolean truncated;

  FileSelection(List<PathGuard> roots, List<String> excludes, int maxFiles) {
    this.roots = roots;
    this.excludes = excludes.stream().map(g -> Globs.matcher(g, "exclude")).toList();
    this.maxFiles = maxFiles;
  }

  List<Selected> files() {
    return List.copyOf(files.values());
  }

  boolean truncated() {
    return truncated;
  }

  /** Adds what {@code spec} names: a file, a folder (walked), or a glob such as {@code src/**}{@code /*.py}. */
  void add(String spec) throws IOException {
    refuseShape(spec);
    String[] segments = spec.replace('\\', '/').split("/", -1);
    int glob = firstGlobSegment(segments);
    String base = glob < 0 ? String.join("/", segments) : String.join("/", List.of(segments).subList(0, glob));
    @Nullable PathMatcher matcher = glob < 0 ? null
        : matcher(String.join("/", List.of(segments).subList(glob, segments.length)));
    boolean found = false;
    for (PathGuard root : roots) {
      Path target = resolve(root, base.isEmpty() ? "." : base, spec);
      if (target == null || !Files.exists(target)) {
        continue;
      }
      found = true;
      if (Files.isDirectory(target)) {
        walk(root, target, matcher);
      } else if (matcher == null) {
        include(root, target, true);
        return; // a plain file is taken from the first root that has it
      }
    }
    if (!found) {
      throw new ToolFailure("No file or folder '" + spec + "' under " + describe(roots));
    }
  }

  /** Adds the one file {@code spec} names; a folder or a glob is an error. */
  void addFile(String spec) throws IOException {
    refuseShape(spec);
    if (firstGlobSegment(spec.replace('\\', '/').split("/")) >= 0) {
      throw new ToolFailure("'" + spec + "' is a glob; use review_paths for globs and folders");
    }
    for (PathGuard root : roots) {
      Path target = resolve(root, spec, spec);
      if (target != null && Files.isDirectory(target)) {
        throw new ToolFailure("'" + spec + "' is a folder, not a file; use review_paths for folders");
      }
      if (target != null && Files.isRegularFile(target)) {
        include(root, target, true);
        return;
      }
    }
    throw new ToolFailure("No file '" + spec + "' under " + describe(roots));
  }

  private static void refuseShape(String spec) {
    if (spec.isBlank() || spec.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new UnsafePathException(spec, spec.isBlank() ? "is empty"
          : "contains a control character (such as NUL or a line break)");
    }
  }

  /** The path in {@code root}, or null when it is absolute and lies in another root; refusals propagate. */
  private @Nullable Path resolve(PathGuard root, String base, String spec) {
    if (!base.startsWith("/") && !Path.of(base).isAbsolute()) {
      return root.resolveFolder(base.equals(".") ? "" : base);
    }
    Path absolute = Path.of(base);
    if (roots.stream().noneMatch(r -> r.contains(absolute))) {
      throw new UnsafePathException(spec, "lies outside " + describe(roots));
    }
    return root.contains(absolute) ? root.confine(absolute, spec) : null;
  }

  private void walk(PathGuard root, Path start, @Nullable PathMatcher matcher) throws IOException {
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(start) && SKIPPED_FOLDERS.contains(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (matcher == null || matcher.matches(start.relativize(file))) {
          include(root, file, false);
        }
        return truncated ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Adds a file once; findings name it relative to its root (absolutely when there are several roots). */
  private void include(PathGuard root, Path file, boolean explicit) {
    if (!root.contains(file) || (!explicit && excluded(root, file))) {
      return; // a symbolic link out of the roots, or excluded by the caller
    }
    if (files.size() >= maxFiles) {
      truncated = true;
      return;
    }
    Path real = root.confine(file, file.toString());
    files.putIfAbsent(real, new Selected(real, roots.size() > 1 ? real.toString() : root.relative(real)));
  }

  private boolean excluded(PathGuard root, Path file) {
    Path relative = root.root().relativize(root.confine(file, file.toString()));
    return excludes.stream().anyMatch(m -> m.matches(relative) || m.matches(relative.getFileName()));
  }

  /** A glob matcher in which a leading {@code **}{@code /} also matches no folder at all, as users expect. */
  private static PathMatcher matcher(String glob) {
    PathMatcher full = Globs.matcher(glob, "paths");
    if (!glob.startsWith("**/")) {
      return full;
    }
    PathMatcher rest = matcher(glob.substring(3));
    return path -> full.matches(path) || rest.matches(path);
  }

  static String describe(List<PathGuard> roots) {
    return ReviewRoots.LABEL + " (" + roots.stream().map(r -> r.root().toString()).collect(Collectors.joining(", "))
        + ")";
  }

  private static int firstGlobSegment(String[] segments) {
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
        return i;
      }
    }
    return -1;
  }
}
