package dev.switchboard.daemon;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file's folder and runs the reload action when the file changes. Editors save in bursts
 * (truncate, write, rename), so changes are debounced. One virtual thread; {@link #close} is idempotent.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
  private static final long DEBOUNCE_MILLIS = 300;

  private final Path file;
  private final Runnable onChange;
  private final WatchService watcher;
  private final Thread thread;

  public ConfigWatcher(Path file, Runnable onChange) throws IOException {
    this.file = file.toAbsolutePath();
    this.onChange = onChange;
    this.watcher = FileSystems.getDefault().newWatchService();
    Path dir = Objects.requireNonNull(this.file.getParent(), "a config file is not the file system root");
    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    this.thread = Thread.ofVirtual().name("config-watcher").start(this::loop);
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        boolean ours = key.pollEvents().stream().anyMatch(e -> file.getFileName().equals(e.context()));
        key.reset();
        if (ours) {
          settle();
          LOG.info("config file {} changed; reloading", file);
          onChange.run();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  /** Swallows the rest of a burst of events. */
  private void settle() throws InterruptedException {
    WatchKey more;
    while ((more = watcher.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
      more.pollEvents();
      more.reset();
    }
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("closing the config watcher: {}", e.toString());
    }
    thread.interrupt();
  }
}
