package dev.switchboard.upstream.builtin.review;

import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.ToolException;
import dev.switchboard.upstream.builtin.files.PathGuard;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Which folders a review may read. Configured {@code roots} win; without them, each call asks its client for its
 * MCP roots (when the client declared the capability), and falls back to the gateway's working directory. Thread
 * safe.
 */
final class ReviewRoots {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewRoots.class);
  private static final Duration ASK = Duration.ofSeconds(10);
  static final String LABEL = "the allowed roots";

  private final List<PathGuard> configured;

  /** {@code roots} from the config; each must be an existing folder. Empty means "ask the client". */
  ReviewRoots(List<Path> roots) {
    List<PathGuard> guards = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("review root " + root + " is not an existing folder");
      }
      guards.add(guard(root));
    }
    this.configured = List.copyOf(guards);
  }

  List<PathGuard> forCall(ToolContext ctx) throws InterruptedException {
    if (!configured.isEmpty()) {
      return configured;
    }
    if (ctx.clientSupports("roots")) {
      try {
        List<PathGuard> client = fromClient(ctx.request("roots/list", null, ASK));
        if (!client.isEmpty()) {
          return client;
        }
      } catch (ToolException e) {
        LOG.debug("asking the client for its roots failed: {}", e.getMessage());
      }
    }
    return List.of(guard(Path.of("").toAbsolutePath()));
  }

  /** The existing local folders among a {@code roots/list} result's {@code file://} URIs. */
  static List<PathGuard> fromClient(JsonNode result) {
    List<PathGuard> out = new ArrayList<>();
    for (JsonNode root : result.path("roots")) {
      String uri = root.path("uri").asString("");
      try {
        Path path = Path.of(URI.create(uri));
        if (Files.isDirectory(path)) {
          out.add(guard(path));
        }
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        LOG.debug("ignoring the client root {}: {}", uri, e.toString());
      }
    }
    return out;
  }

  private static PathGuard guard(Path root) {
    try {
      return new PathGuard(root, LABEL);
    } catch (IOException e) {
      throw new IllegalArgumentException("review root " + root + " cannot be used: " + e.getMessage(), e);
    }
  }
}
