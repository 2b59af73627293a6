package dev.switchboard.upstream.builtin.notes;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link NoteIndex} in step with the vault on disk. Every visible folder is watched; events are gathered
 * until the disk has been quiet for a moment (editors and sync tools write in bursts), then the touched notes are
 * re-read. A lost event (overflow) means a full rescan; if watching is impossible (too many folders for the OS), it
 * falls back to rescanning on a timer. Runs one virtual thread; {@link #close} stops it.
 */
final class VaultWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VaultWatcher.class);
  private static final Duration QUIET = Duration.ofMillis(75);
  private static final Duration POLL = Duration.ofSeconds(5);

  private final Path root;
  private final NoteIndex index;
  private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<String> touched = new LinkedHashSet<>();
  private final Set<String> gone = new LinkedHashSet<>();
  private final Set<Path> added = new LinkedHashSet<>();
  private WatchService service;
  private boolean rescan;
  private Thread thread;

  @SuppressWarnings("NullAway.Init") // start() sets service and thread before the watcher escapes
  private VaultWatcher(Path root, NoteIndex index) {
    this.root = root;
    this.index = index;
  }

  /** Starts watching {@code root}; changes reach {@code index} from the watcher's thread. */
  static VaultWatcher start(Path root, NoteIndex index) throws IOException {
    VaultWatcher watcher = new VaultWatcher(root, index);
    watcher.service = root.getFileSystem().newWatchService();
    boolean watching;
    try {
      for (Path folder : VaultFiles.folders(root)) {
        watcher.register(folder);
      }
      watching = true;
    } catch (IOException e) {
      LOG.warn("cannot watch every folder of {} ({}); rescanning every {} s instead", root, e, POLL.toSeconds());
      watcher.service.close();
      watching = false;
    }
    Runnable loop = watching ? watcher::watch : watcher::poll;
    watcher.thread = Thread.ofVirtual().name("notes-watcher").start(loop);
    return watcher;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        service.close();
      } catch (IOException e) {
        LOG.debug("closing the watch service: {}", e.toString());
      }
      thread.interrupt();
    }
  }

  private void watch() {
    try {
      while (!closed.get()) {
        WatchKey key = pending() ? service.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS) : service.take();
        if (key == null) {
          flush();
        } else {
          collect(key);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: the thread ends
    } catch (RuntimeException e) {
      LOG.error("the notes watcher stopped; changes made outside Switchboard will not be seen", e);
    }
  }

  private void poll() {
    while (!closed.get()) {
      try {
        Thread.sleep(POLL);
        index.rescan();
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("rescanning {} failed: {}", root, e.toString());
      }
    }
  }

  private void collect(WatchKey key) {
    Path folder = folders.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW || folder == null) {
        rescan = true;
        continue;
      }
      Path child = folder.resolve((Path) event.context());
      String path = VaultFiles.relative(root, child);
      if (hidden(path)) {
        continue;
      }
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        added.add(child);
      } else if (NoteIndex.isIndexable(path)) {
        touched.add(path);
      } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
        gone.add(path + "/"); // perhaps a folder that held notes
      }
    }
    if (!key.reset()) {
      folders.remove(key);
    }
  }

  private boolean pending() {
    return rescan || !touched.isEmpty() || !gone.isEmpty() || !added.isEmpty();
  }

  private void flush() {
    try {
      for (Path folder : added) {
        for (Path sub : VaultFiles.folders(folder)) {
          register(sub);
        }
        VaultFiles.notes(folder).forEach(n -> touched.add(VaultFiles.relative(root, folder) + "/" + n));
      }
      touched.forEach(index::refresh);
      gone.forEach(index::refreshUnder);
      if (rescan) {
        index.rescan();
      }
    } catch (IOException e) {
      LOG.warn("re-reading changes under {} failed: {}", root, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      added.clear();
      touched.clear();
      gone.clear();
      rescan = false;
    }
  }

  private void register(Path folder) throws IOException {
    WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
    folders.put(key, folder);
  }

  private static boolean hidden(String path) {
    for (String segment : path.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
