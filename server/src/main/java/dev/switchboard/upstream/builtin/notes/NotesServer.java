package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.BuiltinServer;
import dev.switchboard.upstream.builtin.Resources;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.files.PathGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code notes} server over one vault folder. Opening it starts the watcher and builds the index on a
 * background thread; tools wait for the first build. Thread safe; {@link #close} stops the watcher.
 */
public final class NotesServer implements BuiltinServer {
  private static final Logger LOG = LoggerFactory.getLogger(NotesServer.class);
  private static final Duration INDEX_WAIT = Duration.ofMinutes(2);

  private final String version;
  private final Vault vault;
  private final NoteResources resources;
  private final List<Tool> tools;
  private final VaultWatcher watcher;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NotesServer(String version, Vault vault, VaultWatcher watcher) {
    this.version = version;
    this.vault = vault;
    this.watcher = watcher;
    this.resources = new NoteResources(vault);
    List<Tool> all = new ArrayList<>(new NoteQueryTools(vault).tools());
    all.add(1, new NoteReadTool(vault).tool());
    all.addAll(new NoteEditTools(vault).tools());
    this.tools = all.stream().map(this::afterIndexing).toList();
  }

  /** Serves the vault at {@code folder}, which must exist; indexing starts now, in the background. */
  public static NotesServer open(Path folder, String version) throws IOException {
    PathGuard guard = new PathGuard(folder, "the vault");
    NoteIndex index = new NoteIndex(guard);
    VaultWatcher watcher = VaultWatcher.start(guard.root(), index);
    Thread.ofVirtual().name("notes-index").start(() -> build(index, guard.root()));
    return new NotesServer(version, new Vault(guard, index), watcher);
  }

  /** Waits until the first index build is done (for tests and benchmarks). */
  public void awaitIndexed(Duration timeout) throws InterruptedException {
    vault.index().awaitReady(timeout);
  }

  /** The vault's real location. */
  public Path vault() {
    return vault.guard().root();
  }

  @Override
  public String name() {
    return "notes";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String instructions() {
    return "A folder of Markdown notes (an Obsidian-compatible vault). Paths are relative to the vault, use '/', "
        + "and '.md' is optional. Notes are also resources at note://PATH. Edits are atomic; pass the version from "
        + "read_note as expectedVersion to refuse an edit if the note changed meanwhile. Deleted notes go to "
        + ".trash.";
  }

  @Override
  public List<Tool> tools() {
    return tools;
  }

  @Override
  public Resources resources() {
    return resources;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      watcher.close();
    }
  }

  private static void build(NoteIndex index, Path root) {
    long started = System.nanoTime();
    try {
      index.rescan();
      LOG.info("indexed {} notes in {} in {} ms", index.size(), root, (System.nanoTime() - started) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.error("indexing the vault {} failed; search and links see only part of it", root, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      index.markReady();
    }
  }

  private Tool afterIndexing(Tool tool) {
    return new Tool(tool.name(), tool.description(), tool.inputSchema(), (args, ctx) -> {
      vault.index().awaitReady(INDEX_WAIT);
      return tool.handler().call(args, ctx);
    });
  }
}
