package dev.switchboard.client;

import dev.switchboard.client.internal.Connection;
import dev.switchboard.client.schema.Completion;
import dev.switchboard.client.schema.CompletionRef;
import dev.switchboard.client.schema.InitializeResult;
import dev.switchboard.client.schema.Page;
import dev.switchboard.client.schema.Prompt;
import dev.switchboard.client.schema.PromptResult;
import dev.switchboard.client.schema.Resource;
import dev.switchboard.client.schema.ResourceContents;
import dev.switchboard.client.schema.ResourceTemplate;
import dev.switchboard.client.schema.Tool;
import dev.switchboard.client.schema.ToolResult;
import dev.switchboard.client.transport.StdioTransport;
import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection to one MCP server, with a blocking method per protocol operation. It connects on first use (or on
 * {@link #connect()}), and when the connection or session is lost it reconnects on the next call, repeating a call
 * that was cut off by an expired session when that is safe. Every call has a timeout (30 s unless configured).
 * Thread safe: many threads may call at once.
 */
public final class Client implements AutoCloseable {
  public static final String VERSION = Optional.ofNullable(Client.class.getPackage().getImplementationVersion())
      .orElse("0.1.0");
  /** A bound on pagination, so a server that always returns a cursor cannot loop us forever. */
  private static final int MAX_PAGES = 1000;

  private final Channel channel;
  private final Map<String, Tool> tools = new ConcurrentHashMap<>();

  Client(Channel channel) {
    this.channel = channel;
  }

  public static ClientBuilder builder(Transport.Factory transports) {
    return new ClientBuilder(transports);
  }

  /** A client with default settings for a Streamable HTTP endpoint, e.g. {@code http://127.0.0.1:7182/mcp/x}. */
  public static Client http(URI endpoint) {
    return builder(StreamableHttpTransport.factory(endpoint)).build();
  }

  /** A client with default settings for a server it spawns, e.g. {@code List.of("npx", "-y", "server")}. */
  public static Client stdio(List<String> command) {
    return builder(StdioTransport.factory(command)).build();
  }

  /** Connects now (instead of on first use) and returns what the server said in the handshake. */
  public InitializeResult connect() {
    return channel.connection().init();
  }

  public boolean isConnected() {
    Connection c = channel.current();
    return c != null && c.isAlive();
  }

  public boolean isClosed() {
    return channel.isClosed();
  }

  public void ping() {
    request("ping", null, CallOptions.DEFAULT);
  }

  public Page<Tool> listTools(@Nullable String cursor) {
    Page<Tool> page = page("tools/list", "tools", cursor, Tool::from);
    page.items().forEach(t -> tools.put(t.name(), t));
    return page;
  }

  public List<Tool> listAllTools() {
    return all(this::listTools);
  }

  public ToolResult callTool(String name, ObjectNode arguments) {
    return callTool(name, arguments, CallOptions.DEFAULT);
  }

  public ToolResult callTool(String name, ObjectNode arguments, CallOptions options) {
    ObjectNode params = Json.object().put("name", name);
    params.set("arguments", arguments);
    return ToolResult.from(request("tools/call", params, options));
  }

  public Page<Resource> listResources(@Nullable String cursor) {
    return page("resources/list", "resources", cursor, Resource::from);
  }

  public List<Resource> listAllResources() {
    return all(this::listResources);
  }

  public Page<ResourceTemplate> listResourceTemplates(@Nullable String cursor) {
    return page("resources/templates/list", "resourceTemplates", cursor, ResourceTemplate::from);
  }

  public List<ResourceTemplate> listAllResourceTemplates() {
    return all(this::listResourceTemplates);
  }

  public List<ResourceContents> readResource(String uri) {
    JsonNode result = request("resources/read", Json.object().put("uri", uri), CallOptions.DEFAULT);
    List<ResourceContents> contents = new ArrayList<>();
    result.path("contents").forEach(c -> contents.add(ResourceContents.from(c)));
    return List.copyOf(contents);
  }

  /** Asks for {@code notifications/resources/updated} about a resource (see {@link ClientBuilder#onNotification}). */
  public void subscribe(String uri) {
    request("resources/subscribe", Json.object().put("uri", uri), CallOptions.DEFAULT);
  }

  public void unsubscribe(String uri) {
    request("resources/unsubscribe", Json.object().put("uri", uri), CallOptions.DEFAULT);
  }

  public Page<Prompt> listPrompts(@Nullable String cursor) {
    return page("prompts/list", "prompts", cursor, Prompt::from);
  }

  public List<Prompt> listAllPrompts() {
    return all(this::listPrompts);
  }

  public PromptResult getPrompt(String name, Map<String, String> arguments) {
    ObjectNode params = Json.object().put("name", name);
    ObjectNode args = params.putObject("arguments");
    arguments.forEach(args::put);
    return PromptResult.from(request("prompts/get", params, CallOptions.DEFAULT));
  }

  /** Suggestions for the value of one argument of a prompt or resource template. */
  public Completion complete(CompletionRef ref, String argument, String value) {
    ObjectNode params = Json.object();
    params.set("ref", ref.toNode());
    params.putObject("argument").put("name", argument).put("value", value);
    return Completion.from(request("completion/complete", params, CallOptions.DEFAULT));
  }

  /** The lowest level of log message the server should send: debug, info, notice, warning, error, … */
  public void setLogLevel(String level) {
    request("logging/setLevel", Json.object().put("level", level), CallOptions.DEFAULT);
  }

  /** Tells the server the roots changed ({@code notifications/roots/list_changed}). */
  public void rootsChanged() {
    notify("notifications/roots/list_changed", null);
  }

  /**
   * Any request by method name; blocks for the result. When the session expires before the answer (or the request
   * went out on a connection the server had just closed), the call is sent again — on a new session if needed — if it
   * is safe to repeat: anything but {@code tools/call}, or a tool the server marks read-only or idempotent, or a call
   * marked {@link CallOptions#withRetryable retryable}.
   */
  public JsonNode request(String method, @Nullable ObjectNode params, CallOptions options) {
    try {
      return channel.call(method, params, options);
    } catch (ClientException e) {
      boolean again = e instanceof SessionLostException || Failures.isStaleConnection(e);
      if (!again || !repeatable(method, params, options)) {
        throw e;
      }
      return channel.call(method, params, options);
    }
  }

  /** Starts a request and returns at once; the {@link Call} awaits or cancels it. Never repeated. */
  public Call start(String method, @Nullable ObjectNode params, CallOptions options) {
    return channel.start(channel.connection(), method, params, options);
  }

  /** Sends a notification; delivery failures are logged, not thrown. */
  public void notify(String method, @Nullable ObjectNode params) {
    channel.notify(channel.connection(), method, params);
  }

  /** Cancels what is still waiting and ends the session (HTTP DELETE, or stopping the process). Idempotent. */
  @Override
  public void close() {
    channel.close();
  }

  private boolean repeatable(String method, @Nullable ObjectNode params, CallOptions options) {
    if (!method.equals("tools/call")) {
      return !method.equals("initialize");
    }
    Tool tool = params == null ? null : tools.get(params.path("name").asString(""));
    return options.retryable() || (tool != null && tool.isIdempotent());
  }

  private <T> Page<T> page(String method, String field, @Nullable String cursor, Function<JsonNode, T> reader) {
    ObjectNode params = cursor == null ? null : Json.object().put("cursor", cursor);
    JsonNode result = request(method, params, CallOptions.DEFAULT);
    List<T> items = new ArrayList<>();
    result.path(field).forEach(node -> items.add(reader.apply(node)));
    JsonNode next = result.get("nextCursor");
    return new Page<>(items, next != null && next.isString() && !next.asString().isEmpty() ? next.asString() : null);
  }

  private static <T> List<T> all(Function<@Nullable String, Page<T>> lister) {
    List<T> items = new ArrayList<>();
    String cursor = null;
    for (int i = 0; i < MAX_PAGES; i++) {
      Page<T> page = lister.apply(cursor);
      items.addAll(page.items());
      cursor = page.nextCursor();
      if (cursor == null) {
        return List.copyOf(items);
      }
    }
    throw new ClientException("the server kept paginating past " + MAX_PAGES + " pages");
  }
}
