package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.files.PathGuard;
import dev.switchboard.upstream.builtin.files.TextFile;
import dev.switchboard.upstream.builtin.files.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory index of a vault: each note's {@link Note} by path, and lookups by file name for resolving links.
 * Built by a full scan, then kept current one note at a time (by the watcher and by our own writes); listeners hear
 * of each note whose content changed. Reads are lock-free; updates are serialized. Thread safe.
 */
final class NoteIndex {
  private static final Logger LOG = LoggerFactory.getLogger(NoteIndex.class);
  private static final int PARALLEL_READS = 32;
  /** Reader threads of a rescan; reads beyond these wait in line (at most {@link #PARALLEL_READS} queued). */
  private static final int READ_THREADS = 8;

  /** Told about changes once the first scan is done; called on the updating thread, so it must not block. */
  interface Listener {
    void changed(String path);

    void listChanged();
  }

  /** A link from {@code source} that resolves to the note asked about. */
  record Backlink(String source, NoteLink link) {}

  private final PathGuard guard;
  private final Map<String, Note> notes = new ConcurrentHashMap<>();
  /** Lower-cased file name (no {@code .md}) to the paths of notes with that name. */
  private final Map<String, Set<String>> byName = new ConcurrentHashMap<>();
  private final Map<String, String> byLowerPath = new ConcurrentHashMap<>();
  private final ReentrantLock updating = new ReentrantLock();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final AtomicBoolean listPending = new AtomicBoolean();

  NoteIndex(PathGuard guard) {
    this.guard = guard;
  }

  Optional<Note> get(String path) {
    return Optional.ofNullable(notes.get(path));
  }

  Collection<Note> all() {
    return notes.values();
  }

  int size() {
    return notes.size();
  }

  void addListener(Listener listener) {
    listeners.add(listener);
  }

  void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Waits for the first scan, so a tool that arrives during it does not see a half-built index; false when the scan
   * is still running after {@code timeout}.
   */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isReady() {
    return ready.getCount() == 0;
  }

  void markReady() {
    ready.countDown();
  }

  /** Indexes a note as just read (after our own write, or a change on disk); listeners hear if it changed. */
  void put(String path, TextFile file) {
    Note note = Note.parse(path, file);
    Note old;
    updating.lock();
    try {
      old = notes.put(path, note);
      if (old == null) {
        byName.computeIfAbsent(key(note.name()), k -> ConcurrentHashMap.newKeySet()).add(path);
        byLowerPath.put(key(path), path);
      }
    } finally {
      updating.unlock();
    }
    if (old == null || !old.version().equals(note.version())) {
      fireChanged(path, old == null);
    }
  }

  void remove(String path) {
    Note old;
    updating.lock();
    try {
      old = notes.remove(path);
      if (old != null) {
        Set<String> named = byName.get(key(old.name()));
        if (named != null && named.remove(path) && named.isEmpty()) {
          byName.remove(key(old.name()), named);
        }
        byLowerPath.remove(key(path), path);
      }
    } finally {
      updating.unlock();
    }
    if (old != null) {
      fireChanged(path, true);
    }
  }

  /** Re-reads one note from disk: indexes it, or forgets it when it is gone or no longer a note. */
  void refresh(String path) {
    Path file = guard.root().resolve(path);
    if (!isIndexable(path) || !Files.isRegularFile(file) || !guard.contains(file)) {
      remove(path);
      return;
    }
    try {
      put(path, TextFiles.read(file));
    } catch (NoSuchFileException e) {
      remove(path);
    } catch (IOException e) {
      LOG.debug("cannot read {}: {}", path, e.toString());
    }
  }

  /** Notes whose path starts with {@code prefix}: refreshed, for a folder that moved or vanished. */
  void refreshUnder(String prefix) {
    notes.keySet().stream().filter(p -> p.startsWith(prefix)).toList().forEach(this::refresh);
  }

  /** Walks the whole vault, indexing every note and forgetting notes that are gone. Unchanged notes are kept. */
  void rescan() throws IOException, InterruptedException {
    List<String> found = VaultFiles.notes(guard.root());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Semaphore slots = new Semaphore(PARALLEL_READS);
    // platform threads: a file read blocks in native code, which would pin a virtual thread's carrier
    try (var readers = Executors.newFixedThreadPool(READ_THREADS, Thread.ofPlatform().name("notes-read-", 0)
        .daemon().factory())) {
      for (String path : found) {
        seen.add(path);
        slots.acquire();
        readers.execute(() -> {
          try {
            refreshIfStale(path);
          } finally {
            slots.release();
          }
        });
      }
    }
    notes.keySet().stream().filter(p -> !seen.contains(p)).toList().forEach(this::remove);
  }

  /**
   * The path of the note a link names from {@code from}, or null: the vault path first, then relative to the
   * source's folder, then by file name (a path suffix when the link has folders), preferring the source's own
   * folder, then the shortest path. Case-insensitive, as in Obsidian.
   */
  @Nullable String resolve(String target, String from) {
    String wanted = target.replace('\\', '/').strip();
    while (wanted.startsWith("/")) {
      wanted = wanted.substring(1);
    }
    if (wanted.isEmpty()) {
      return notes.containsKey(from) ? from : null;
    }
    String lower = key(wanted);
    String bare = lower.endsWith(".md") ? lower.substring(0, lower.length() - 3) : lower;
    String exact = byLowerPath.get(bare + ".md");
    if (exact != null) {
      return exact;
    }
    String relative = VaultFiles.join(folderOf(from), bare);
    String beside = relative == null ? null : byLowerPath.get(key(relative) + ".md");
    return beside != null ? beside : byName(bare, from);
  }

  /** The indexed path equal to {@code path} ignoring case ({@code .md} added when missing), or null. */
  @Nullable String lookup(String path) {
    String lower = key(path);
    return byLowerPath.get(lower.endsWith(".md") ? lower : lower + ".md");
  }

  /** Every link from another note that resolves to {@code path}. */
  List<Backlink> backlinks(String path) {
    List<Backlink> out = new ArrayList<>();
    for (Note note : notes.values()) {
      if (note.path().equals(path)) {
        continue;
      }
      for (NoteLink link : note.links()) {
        if (path.equals(resolve(link.target(), note.path()))) {
          out.add(new Backlink(note.path(), link));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Backlink::source).thenComparingInt(b -> b.link().line()));
    return out;
  }

  /** The number of notes with this file name (case-insensitive); 1 means a bare {@code [[name]]} is unambiguous. */
  int countNamed(String name) {
    return byName.getOrDefault(key(name), Set.of()).size();
  }

  static boolean isIndexable(String path) {
    if (!path.toLowerCase(Locale.ROOT).endsWith(".md")) {
      return false;
    }
    for (String segment : path.split("/")) {
      if (segment.startsWith(".")) {
        return false; // .obsidian, .trash, .git, and our own temporary files
      }
    }
    return true;
  }

  private void refreshIfStale(String path) {
    Note known = notes.get(path);
    try {
      Path file = guard.root().resolve(path);
      if (known != null && Files.size(file) == known.size()
          && Files.getLastModifiedTime(file).toInstant().equals(known.modified())) {
        return;
      }
    } catch (IOException e) {
      // fall through: refresh decides whether it is gone
    }
    refresh(path);
  }

  private @Nullable String byName(String bare, String from) {
    String name = bare.substring(bare.lastIndexOf('/') + 1);
    Set<String> named = byName.getOrDefault(name, Set.of());
    String suffix = "/" + bare + ".md";
    String folder = folderOf(from);
    return named.stream()
        .filter(p -> !bare.contains("/") || key(p).endsWith(suffix))
        .min(java.util.Comparator.<String>comparingInt(p -> folderOf(p).equals(folder) ? 0 : 1)
            .thenComparingInt(String::length).thenComparing(p -> p))
        .orElse(null);
  }

  private void fireChanged(String path, boolean listChanged) {
    if (!isReady()) {
      return;
    }
    listeners.forEach(l -> l.changed(path));
    if (listChanged && listPending.compareAndSet(false, true)) {
      // many files arriving at once (a sync, a git checkout) make one list_changed, not thousands
      Thread.ofVirtual().name("notes-list-changed").start(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        listPending.set(false);
        listeners.forEach(Listener::listChanged);
      });
    }
  }

  private static String folderOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String key(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
