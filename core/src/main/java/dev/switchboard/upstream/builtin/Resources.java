package dev.switchboard.upstream.builtin;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resources of a built-in server. The in-process upstream answers {@code resources/*} from it and keeps each
 * connection's subscriptions itself, so a server only reports which URIs changed. Implementations must be thread
 * safe; listeners are called on the server's own threads and must not block.
 */
public interface Resources {
  /** One page of {@code resources/list}: the whole result, with {@code nextCursor} when more follow. */
  ObjectNode list(@Nullable String cursor) throws ToolException;

  /** The {@code resourceTemplates} of {@code resources/templates/list}. */
  ArrayNode templates();

  /** The {@code ReadResourceResult} for one URI; a {@link ToolException} when there is no such resource. */
  ObjectNode read(String uri) throws ToolException;

  /**
   * The canonical form of a URI a client subscribes to (the form {@link Listener#updated} will use), or a
   * {@link ToolException} when it can never name one of these resources.
   */
  String subscribable(String uri) throws ToolException;

  /** Starts telling {@code listener} about changes until the returned handle is closed. */
  Registration watch(Listener listener);

  /** What changed: one resource's content, or the set of resources. */
  interface Listener {
    void updated(String uri);

    void listChanged();
  }

  /** A listener's registration; closing it is idempotent. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
