package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One browser page driven over the Chrome DevTools protocol: navigate, evaluate script, click like a mouse, and
 * answer the page's {@code window.prompt}s from a queue (an empty queue cancels them). Thread safe: replies and events
 * arrive on the WebSocket's thread, calls may come from any.
 */
public final class DevTools implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Queue<String> answers = new ConcurrentLinkedQueue<>();
  private final List<String> dialogs = new CopyOnWriteArrayList<>();
  private final ReentrantLock sending = new ReentrantLock();
  private CompletableFuture<WebSocket> last;
  private volatile @org.jspecify.annotations.Nullable JsonNode held;

  private DevTools(URI page) {
    this.last = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(page, new Listener());
  }

  /** Connects to a page target's {@code webSocketDebuggerUrl} and turns on its dialog events. */
  static DevTools connect(URI page) {
    DevTools tools = new DevTools(page);
    tools.call("Page.enable", Json.object());
    return tools;
  }

  /** Loads {@code url} and waits until its document has loaded (its own script may still be fetching). */
  public void navigate(String url) {
    call("Page.navigate", Json.object().put("url", url));
    String loaded = "location.href === " + literal(url) + " && document.readyState === 'complete'";
    await().atMost(TIMEOUT).until(() -> evaluate(loaded).asBoolean(false));
  }

  /** The value of {@code expression} in the page (a promise is awaited), as JSON. */
  public JsonNode evaluate(String expression) {
    JsonNode reply = call("Runtime.evaluate", Json.object().put("expression", expression)
        .put("awaitPromise", true).put("returnByValue", true));
    if (reply.has("exceptionDetails")) {
      throw new IllegalStateException(expression + " threw " + reply.path("exceptionDetails"));
    }
    return reply.path("result").path("value");
  }

  /** The text of the first element {@code selector} matches, or null where none does. */
  public String text(String selector) {
    JsonNode text = evaluate("document.querySelector(" + literal(selector) + ")?.textContent ?? null");
    return text.isNull() || text.isMissingNode() ? null : text.asString();
  }

  /** Waits until the text of the element {@code selector} matches satisfies {@code wanted}, and returns it. */
  public String awaitText(String selector, Predicate<String> wanted) {
    return await().atMost(TIMEOUT).until(() -> text(selector), t -> t != null && wanted.test(t));
  }

  /**
   * A left click as a user makes it: the mouse moves to the centre of the element {@code selector} matches (scrolled
   * into view), is pressed and released there. Press and release go out together, so a redraw cannot fall between.
   */
  public void click(String selector) {
    JsonNode centre = centre(selector);
    call("Input.dispatchMouseEvent", mouse("mouseMoved", centre, 0));
    CompletableFuture<JsonNode> pressed = send("Input.dispatchMouseEvent", mouse("mousePressed", centre, 1));
    CompletableFuture<JsonNode> released = send("Input.dispatchMouseEvent", mouse("mouseReleased", centre, 0));
    join(pressed);
    join(released);
  }

  /** The first half of a slow click: the left button goes down on {@code selector} and stays down. */
  public void press(String selector) {
    JsonNode centre = centre(selector);
    call("Input.dispatchMouseEvent", mouse("mouseMoved", centre, 0));
    call("Input.dispatchMouseEvent", mouse("mousePressed", centre, 1));
    held = centre;
  }

  /** The second half: the button comes up where {@link #press} put it down. */
  public void release() {
    JsonNode at = held;
    if (at == null) {
      throw new IllegalStateException("no mouse button is down");
    }
    held = null;
    call("Input.dispatchMouseEvent", mouse("mouseReleased", at, 0));
  }

  private JsonNode centre(String selector) {
    JsonNode centre = evaluate("(() => { const e = document.querySelector(" + literal(selector) + ");"
        + " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
    if (!centre.isObject()) {
      throw new IllegalStateException("nothing on the page matches " + selector);
    }
    return centre;
  }

  /** The next prompts (or alerts, confirms) are accepted with these texts, in order. */
  public void answerPrompts(String... texts) {
    answers.addAll(List.of(texts));
  }

  /** The messages of the dialogs the page has opened so far, in order. */
  public List<String> dialogs() {
    return List.copyOf(dialogs);
  }

  /** Sends a command and waits for its result; a protocol error is an exception. */
  public JsonNode call(String method, ObjectNode params) {
    return join(send(method, params));
  }

  private static ObjectNode mouse(String type, JsonNode at, int buttons) {
    return Json.object().put("type", type).put("x", at.path("x").asDouble()).put("y", at.path("y").asDouble())
        .put("button", type.equals("mouseMoved") ? "none" : "left").put("buttons", buttons).put("clickCount",
            type.equals("mouseMoved") ? 0 : 1);
  }

  private CompletableFuture<JsonNode> send(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    String text = Json.text(Json.object().put("id", id).put("method", method).set("params", params));
    sending.lock();
    try { // a WebSocket takes one message at a time: each send waits for the one before
      last = last.thenCompose(ws -> ws.sendText(text, true));
      last.whenComplete((ws, failure) -> {
        if (failure != null) {
          reply.completeExceptionally(failure);
        }
      });
    } finally {
      sending.unlock();
    }
    return reply;
  }

  private static JsonNode join(CompletableFuture<JsonNode> reply) {
    try {
      return reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("DevTools: " + e, e);
    }
  }

  private static String literal(String text) {
    return Json.text(Json.NODES.stringNode(text));
  }

  private void received(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
      if (reply != null && message.has("error")) {
        reply.completeExceptionally(new IllegalStateException(message.path("error").toString()));
      } else if (reply != null) {
        reply.complete(message.path("result"));
      }
    } else if (message.path("method").asString("").equals("Page.javascriptDialogOpening")) {
      dialogs.add(message.path("params").path("message").asString());
      String answer = answers.poll();
      ObjectNode params = Json.object().put("accept", answer != null);
      if (answer != null) {
        params.put("promptText", answer);
      }
      send("Page.handleJavaScriptDialog", params); // not awaited: this is the thread its reply arrives on
    }
  }

  @Override
  public void close() {
    last.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "")).orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(failure -> null).join();
  }

  /** Reassembles fragmented messages (the WebSocket's thread only). */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean whole) {
      partial.append(data);
      if (whole) {
        String text = partial.toString();
        partial.setLength(0);
        received(Json.parse(text));
      }
      socket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      pending.values().forEach(reply -> reply.completeExceptionally(error));
    }
  }
}
