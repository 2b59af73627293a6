package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.BuiltinServer;
import dev.switchboard.upstream.builtin.Resources;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.ToolResults;
import dev.switchboard.upstream.builtin.files.EditConflictException;
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
 *
 * <p>Roots: the configured vault is this server's only root, on loopback and off it alike. It never asks a client for
 * its MCP roots and ignores {@code notifications/roots/list_changed}, so client-declared roots (even
 * {@code file:///}) can never widen what it reads or writes; every path is confined to the vault ({@code Vault}).
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
    // a platform thread: the first build reads every note, and file reads pin a virtual thread's carrier
    Thread.ofPlatform().name("notes-index").daemon().start(() -> build(index, guard.root()));
    return new NotesServer(version, new Vault(guard, index), watcher);
  }

  /** Waits until the first index build is done (for tests and benchmarks). */
  public void awaitIndexed(Duration timeout) throws InterruptedException {
    if (!vault.index().awaitReady(timeout)) {
      throw new IllegalStateException("the vault " + vault() + " was not indexed within " + timeout);
    }
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

  /**
   * The tool, waiting for the first index build; a build still running after the wait, and an edit refused because
   * the note changed meanwhile, are failures the model reads in the result (see {@link Tool}).
   */
  private Tool afterIndexing(Tool tool) {
    return new Tool(tool.name(), tool.description(), tool.inputSchema(), (args, ctx) -> {
      if (!vault.index().awaitReady(INDEX_WAIT)) {
        return ToolResults.error("The vault is still being indexed (" + vault.index().size() + " notes so far); "
            + "retry in a moment");
      }
      try {
        return tool.handler().call(args, ctx);
      } catch (EditConflictException e) {
        return ToolResults.error(tool.name() + " failed: " + e.getMessage());
      }
    });
  }
}
