package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection to a {@link BuiltinServer}: it plays the MCP server side of the protocol in-process. Each request
 * runs on its own virtual thread, so the caller of {@link #send} never waits for a tool; answers reach the listener
 * from those threads. {@code notifications/cancelled} interrupts the matching call. The connection owns its resource
 * subscriptions and its requests to the client, so closing it unregisters both. A handler's unexpected exception is
 * logged with its stack trace and answered with a generic internal error (see {@link Tool}). Thread safe.
 */
public final class InProcessUpstream implements Upstream {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessUpstream.class);
  private static final List<String> LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical",
      "alert", "emergency");

  private final BuiltinServer server;
  private final @Nullable String principal;
  private final Listener listener;
  private final Map<RequestId, Thread> running = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ClientRequests requests;
  private final @Nullable ResourceMethods resources;
  private volatile int minLevel = 1; // info until the client says otherwise

  public InProcessUpstream(BuiltinServer server, Listener listener) {
    this(server, listener, null);
  }

  /** A connection serving the sessions of one {@code principal} (an API key name), which tools may ask for. */
  public InProcessUpstream(BuiltinServer server, Listener listener, @Nullable String principal) {
    this.principal = principal;
    this.server = server;
    this.listener = listener;
    this.requests = new ClientRequests(server.name(), this::deliver);
    Resources served = server.resources();
    this.resources = served == null ? null
        : ResourceMethods.open(served, (method, params) -> deliver(Message.notification(method, params)));
  }

  @Override
  public void send(Message message) {
    if (closed.get()) {
      throw new UpstreamException(server.name(), "built-in server '" + server.name() + "' is closed");
    }
    switch (message) {
      case Message.Request request -> Thread.ofVirtual().name("builtin-" + server.name()).start(() -> run(request));
      case Message.Notification n when n.method().equals("notifications/cancelled") -> cancel(n);
      case Message.Response r -> requests.answered(r);
      case Message.ErrorResponse e -> requests.answered(e);
      default -> {} // initialized, roots/list_changed: roots are asked for afresh on each use
    }
  }

  @Override
  public String describe() {
    return server.name() + " (built-in)";
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      running.values().forEach(Thread::interrupt);
      requests.closeAll();
      if (resources != null) {
        resources.close();
      }
      listener.onClosed(new UpstreamExit(server.name(), null, "was stopped", "", true));
    }
  }

  private void run(Message.Request request) {
    running.put(request.id(), Thread.currentThread());
    try {
      Message answer = answer(request);
      if (running.remove(request.id()) != null && !closed.get()) {
        listener.onMessage(answer);
      }
    } finally {
      running.remove(request.id());
    }
  }

  private Message answer(Message.Request request) {
    JsonNode params = request.params() == null ? Json.object() : request.params();
    try {
      return Message.response(request.id(), dispatch(request, params));
    } catch (ToolException e) {
      return Message.error(request.id(), e.error());
    } catch (InvalidArgumentException e) {
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.INVALID_PARAMS, e.getMessage(),
          Json.object().put("argument", e.argument())));
    } catch (InterruptedException e) {
      return cancelled(request);
    } catch (Exception e) {
      if (closed.get() || running.get(request.id()) != Thread.currentThread()) {
        LOG.debug("{} ended by its cancellation: {}", handler(request, params), e.toString());
        return cancelled(request);
      }
      String handler = handler(request, params);
      LOG.error("{} failed", handler, e);
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
          "Internal error in " + handler + "; see the Switchboard log"));
    }
  }

  private static Message cancelled(Message.Request request) {
    return Message.error(request.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "cancelled"));
  }

  /** What handled a request, for errors: {@code tool 'notes.read_note'}, {@code resources/read of the built-in…}. */
  private String handler(Message.Request request, JsonNode params) {
    return request.method().equals("tools/call")
        ? "tool '" + server.name() + "." + params.path("name").asString("") + "'"
        : request.method() + " of the built-in server '" + server.name() + "'";
  }

  private JsonNode dispatch(Message.Request request, JsonNode params) throws Exception {
    ToolContext context = new Context(request.progressToken());
    return switch (request.method()) {
      case "initialize" -> initializeResult(params);
      case "ping" -> Json.object();
      case "tools/list" -> toolList();
      case "tools/call" -> call(params, context);
      case "logging/setLevel" -> setLevel(params);
      case String m when resources != null && ResourceMethods.handles(m) -> resources.answer(m, params);
      default -> extra(request.method(), params, context);
    };
  }

  private JsonNode extra(String method, JsonNode params, ToolContext context) throws Exception {
    BuiltinServer.MethodHandler handler = server.methods().get(method);
    if (handler == null) {
      throw new ToolException(JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + method);
    }
    return handler.handle(params, context);
  }

  private ObjectNode initializeResult(JsonNode params) {
    requests.declared(params.path("capabilities"));
    ObjectNode result = Json.object();
    result.put("protocolVersion", ProtocolVersion.negotiate(params.path("protocolVersion").asString("")));
    ObjectNode caps = result.putObject("capabilities");
    caps.putObject("tools");
    caps.putObject("logging");
    if (resources != null) {
      caps.putObject("resources").put("subscribe", true).put("listChanged", true);
    }
    caps.setAll(server.extraCapabilities());
    result.putObject("serverInfo").put("name", server.name()).put("version", server.version());
    if (!server.instructions().isEmpty()) {
      result.put("instructions", server.instructions());
    }
    return result;
  }

  private ObjectNode toolList() {
    ObjectNode result = Json.object();
    var tools = result.putArray("tools");
    server.tools().forEach(t -> tools.add(t.listing()));
    return result;
  }

  private JsonNode call(JsonNode params, ToolContext context) throws Exception {
    String name = params.path("name").asString("");
    Tool tool = server.tools().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new ToolException(JsonRpcError.INVALID_PARAMS, "Unknown tool: " + name));
    try {
      return tool.handler().call(params.path("arguments"), context);
    } catch (ToolFailure e) {
      // the tool's own verdict, worded for the model; any other exception (a JDK IllegalArgumentException included)
      // is a bug whose text may carry internals, so it takes the logged, generic path in answer()
      return ToolResults.error(name + " failed: " + e.getMessage());
    }
  }

  private JsonNode setLevel(JsonNode params) throws ToolException {
    int level = LEVELS.indexOf(params.path("level").asString(""));
    if (level < 0) {
      throw new ToolException(JsonRpcError.INVALID_PARAMS, "Invalid log level; expected one of " + LEVELS);
    }
    minLevel = level;
    return Json.object();
  }

  /** Hands a message to the listener unless the connection has closed; false when it has. */
  private boolean deliver(Message message) {
    if (closed.get()) {
      return false;
    }
    listener.onMessage(message);
    return true;
  }

  private void cancel(Message.Notification cancelled) {
    JsonNode id = cancelled.node().path("params").path("requestId");
    if (RequestId.isValid(id)) {
      Thread thread = running.remove(new RequestId(id));
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** The context of one call: progress goes out only with the caller's token, logs only above the level. */
  private final class Context implements ToolContext {
    private final @Nullable JsonNode progressToken;

    Context(@Nullable JsonNode progressToken) {
      this.progressToken = progressToken;
    }

    @Override
    public void progress(double progress, @Nullable Double total, @Nullable String message) {
      if (progressToken == null) {
        return;
      }
      ObjectNode params = Json.object().put("progress", progress);
      params.set("progressToken", progressToken);
      if (total != null) {
        params.put("total", total);
      }
      if (message != null) {
        params.put("message", message);
      }
      notify("notifications/progress", params);
    }

    @Override
    public void log(String level, JsonNode data) {
      if (LEVELS.indexOf(level) >= minLevel) {
        ObjectNode params = Json.object().put("level", level).put("logger", server.name());
        params.set("data", data);
        notify("notifications/message", params);
      }
    }

    @Override
    public void notify(String method, JsonNode params) {
      deliver(Message.notification(method, params));
    }

    @Override
    public @Nullable String principal() {
      return principal;
    }

    @Override
    public boolean clientSupports(String capability) {
      return requests.supports(capability);
    }

    @Override
    public JsonNode request(String method, @Nullable JsonNode params, Duration timeout)
        throws ToolException, InterruptedException {
      return requests.call(method, params, timeout);
    }
  }
}
