package dev.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One {@code gateway.groups} entry: a name served like a server's, the member servers it aggregates (null for
 * {@code "*"}, every configured server), the tool filter for its clients, and how long a merged list waits for a
 * slow member before answering without it, how many items a page of a merged list holds, and the extra addresses
 * (TCP, Unix socket) it is served on besides HTTP, as a server's {@code listen}.
 */
public record GroupSpec(String name, @Nullable List<String> servers, ToolFilter tools, Duration listTimeout,
    int pageSize, List<ListenAddress> listen) {
  public static final Duration DEFAULT_LIST_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_PAGE_SIZE = 200;

  public GroupSpec {
    servers = servers == null ? null : List.copyOf(servers);
    listen = List.copyOf(listen);
  }

  /** A group served over HTTP and WebSocket only (no {@code listen} addresses of its own). */
  public GroupSpec(String name, @Nullable List<String> servers, ToolFilter tools, Duration listTimeout,
      int pageSize) {
    this(name, servers, tools, listTimeout, pageSize, List.of());
  }

  /**
   * The member names in order: the listed ones, or for {@code "*"} every server of {@code all} except the built-in
   * {@code switchboard} server when the configuration did not name it.
   */
  public List<String> members(Map<String, ServerSpec> all, boolean builtinImplicit) {
    if (servers != null) {
      return servers;
    }
    return all.keySet().stream().filter(n -> !(builtinImplicit && n.equals(Config.BUILTIN_NAME))).toList();
  }
}
