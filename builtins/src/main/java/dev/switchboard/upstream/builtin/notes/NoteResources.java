package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.upstream.builtin.Resources;
import dev.switchboard.upstream.builtin.ToolException;
import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.TextFile;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each note as a {@code note://PATH} resource, listed from the index in pages, read from disk, with change events
 * from the index (our writes and the watcher alike). Thread safe.
 */
final class NoteResources implements Resources {
  private static final int PAGE = 500;

  private final Vault vault;

  NoteResources(Vault vault) {
    this.vault = vault;
  }

  @Override
  public ObjectNode list(@Nullable String cursor) throws ToolException {
    int from = offset(cursor);
    List<Note> notes = vault.index().all().stream().sorted(Comparator.comparing(Note::path)).toList();
    ObjectNode result = Json.object();
    ArrayNode items = result.putArray("resources");
    notes.stream().skip(from).limit(PAGE).forEach(n -> items.addObject().put("uri", NoteUris.of(n.path()))
        .put("name", n.path()).put("title", n.title()).put("mimeType", "text/markdown").put("size", n.size())
        .putObject("annotations").put("lastModified", n.modified().toString()));
    if (from + PAGE < notes.size()) {
      result.put("nextCursor", String.valueOf(from + PAGE));
    }
    return result;
  }

  @Override
  public ArrayNode templates() {
    ArrayNode templates = Json.NODES.arrayNode();
    templates.addObject().put("uriTemplate", NoteUris.SCHEME + "{+path}").put("name", "note")
        .put("title", "A note by its vault path")
        .put("description", "A Markdown note, by its path inside the vault (e.g. note://Projects/Plan.md)")
        .put("mimeType", "text/markdown");
    return templates;
  }

  @Override
  public ObjectNode read(String uri) throws ToolException {
    Vault.Location note = locate(uri);
    TextFile file;
    try {
      file = vault.read(note);
    } catch (ToolFailure | IOException e) { // not there, a folder, or unreadable; anything else is a bug
      throw new ToolException(JsonRpcError.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
    }
    ObjectNode result = Json.object();
    result.putArray("contents").addObject().put("uri", uri).put("mimeType", "text/markdown").put("text", file.text());
    return result;
  }

  @Override
  public String subscribable(String uri) throws ToolException {
    return NoteUris.of(locate(uri).path());
  }

  @Override
  public Registration watch(Listener listener) {
    NoteIndex.Listener bridge = new NoteIndex.Listener() {
      @Override
      public void changed(String path) {
        listener.updated(NoteUris.of(path));
      }

      @Override
      public void listChanged() {
        listener.listChanged();
      }
    };
    vault.index().addListener(bridge);
    return () -> vault.index().removeListener(bridge);
  }

  private Vault.Location locate(String uri) throws ToolException {
    if (!NoteUris.isNoteUri(uri)) {
      throw new ToolException(JsonRpcError.INVALID_PARAMS, "Not a note URI: " + uri + " (expected note://PATH)");
    }
    try {
      return vault.locate(uri);
    } catch (ToolFailure e) { // worded for the client; any other exception is a bug, logged by the upstream
      throw new ToolException(JsonRpcError.INVALID_PARAMS, e.getMessage());
    }
  }

  private static int offset(@Nullable String cursor) throws ToolException {
    if (cursor == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(cursor));
    } catch (NumberFormatException e) {
      throw new ToolException(JsonRpcError.INVALID_PARAMS, "Invalid cursor: " + cursor);
    }
  }
}
