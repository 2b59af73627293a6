package dev.switchboard.upstream.builtin.review;

import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.ToolException;
import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.PathGuard;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Which folders a review may read. Client-declared MCP roots only ever narrow what the gateway allows, never widen
 * it:
 *
 * <ul>
 *   <li>With configured {@code roots}, a call may read only under them. A client that declares MCP roots narrows
 *       them to the intersection (a client root inside a configured root is used; a configured root inside a client
 *       root stays as it is); client roots outside every configured root are ignored, and when none is left the
 *       configured roots apply.
 *   <li>Without configured roots — allowed only while the gateway listens on loopback (one user's machine; see
 *       {@link ReviewProvider}) — a client that declares MCP roots gets exactly those, and a call fails when they
 *       cannot be learned or none is usable (it never falls back to anything wider); a client without the
 *       capability gets the gateway's working directory, as a local command-line review does.
 * </ul>
 *
 * Thread safe.
 */
final class ReviewRoots {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewRoots.class);
  private static final Duration ASK = Duration.ofSeconds(10);
  static final String LABEL = "the allowed roots";

  private final List<PathGuard> configured;
  /** Why no call may read anything, or null. */
  private final @Nullable String locked;

  /**
   * {@code roots} from the config; each must be an existing folder. Empty means "the client's roots" and is refused
   * when {@code configuredOnly} (the gateway is reachable beyond this machine).
   */
  ReviewRoots(List<Path> roots, boolean configuredOnly) {
    if (roots.isEmpty() && configuredOnly) {
      throw new IllegalArgumentException("the review server needs \"roots\" (the folders it may read) when the "
          + "gateway listens beyond loopback: without them it would read any folder a client names on the gateway "
          + "host; add \"roots\": [\"/path/to/code\"] to its entry");
    }
    this.locked = null;
    this.configured = guards(roots);
  }

  private ReviewRoots(String locked) {
    this.locked = locked;
    this.configured = List.of();
  }

  /** Roots that allow nothing: every call fails with {@code why}. */
  static ReviewRoots none(String why) {
    return new ReviewRoots(why);
  }

  private static List<PathGuard> guards(List<Path> roots) {
    List<PathGuard> guards = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("review root " + root + " is not an existing folder");
      }
      guards.add(guard(root));
    }
    return List.copyOf(guards);
  }

  /**
   * The roots one call may read (never empty). Throws {@link ToolFailure}, which the call reports as a failed
   * review, when the client declared roots but they cannot be used and nothing is configured.
   */
  List<PathGuard> forCall(ToolContext ctx) throws InterruptedException {
    if (locked != null) {
      throw new ToolFailure(locked);
    }
    if (!ctx.clientSupports("roots")) {
      return configured.isEmpty() ? List.of(guard(Path.of("").toAbsolutePath())) : configured;
    }
    List<PathGuard> declared;
    try {
      declared = fromClient(ctx.request("roots/list", null, ASK));
    } catch (ToolException e) {
      LOG.debug("asking the client for its roots failed: {}", e.getMessage());
      if (!configured.isEmpty()) {
        return configured;
      }
      throw new ToolFailure("could not learn the client's MCP roots (" + e.getMessage() + "), and "
          + "this server has no configured \"roots\"; nothing outside the client's roots is read");
    }
    if (configured.isEmpty()) {
      if (declared.isEmpty()) {
        throw new ToolFailure("none of the client's MCP roots is an existing local folder on the "
            + "gateway host, and this server has no configured \"roots\"; nothing outside the client's roots is read");
      }
      return declared;
    }
    List<PathGuard> narrowed = intersect(configured, declared);
    return narrowed.isEmpty() ? configured : narrowed;
  }

  /**
   * The folders under both a configured root and a client root: for each pair, the deeper one when one contains the
   * other (paths are real, so containment is a prefix test), nothing when they are disjoint. In configured order.
   */
  static List<PathGuard> intersect(List<PathGuard> configured, List<PathGuard> declared) {
    Set<Path> out = new LinkedHashSet<>();
    for (PathGuard allowed : configured) {
      for (PathGuard client : declared) {
        if (client.root().startsWith(allowed.root())) {
          out.add(client.root());
        } else if (allowed.root().startsWith(client.root())) {
          out.add(allowed.root());
        }
      }
    }
    // a folder already inside another kept one adds nothing
    List<Path> kept = out.stream().filter(p -> out.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q)))
        .toList();
    return kept.stream().map(ReviewRoots::guard).toList();
  }

  /** The existing local folders among a {@code roots/list} result's {@code file://} URIs. */
  static List<PathGuard> fromClient(JsonNode result) {
    List<PathGuard> out = new ArrayList<>();
    for (JsonNode root : result.path("roots")) {
      String uri = root.path("uri").asString("");
      @Nullable Path path = localFolder(uri);
      if (path != null) {
        out.add(guard(path));
      }
    }
    return out;
  }

  private static @Nullable Path localFolder(String uri) {
    try {
      Path path = Path.of(URI.create(uri));
      return Files.isDirectory(path) ? path : null;
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      LOG.debug("ignoring the client root {}: {}", uri, e.toString());
      return null;
    }
  }

  /** Used at start-up and for each call's client roots alike; config loaders take a ToolFailure as any IAE. */
  private static PathGuard guard(Path root) {
    try {
      return new PathGuard(root, LABEL);
    } catch (IOException e) {
      throw new ToolFailure("review root " + root + " cannot be used: " + e.getMessage(), e);
    }
  }
}
