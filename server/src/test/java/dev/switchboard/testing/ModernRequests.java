package dev.switchboard.testing;

import dev.switchboard.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * 2026-07-28 requests as a raw client sends them: the {@code _meta} every request carries, the standard headers, a
 * tool call (optionally the retry of an input-required round) and other methods. Stateless.
 */
public final class ModernRequests {
  public static final String MODERN = "2026-07-28";

  private ModernRequests() {}

  /**
   * A {@code tools/call} of {@code tool} declaring {@code caps}; {@code extra} may give the argument {@code text}, and
   * {@code inputResponses} with {@code requestState} (see {@link #retry}).
   */
  public static Reply call(StreamableClient modern, int id, String tool, ObjectNode extra, ObjectNode caps)
      throws Exception {
    ObjectNode params = Json.object().put("name", tool);
    params.putObject("arguments");
    if (extra.has("text")) {
      ((ObjectNode) params.get("arguments")).put("text", extra.get("text").asString());
    }
    if (extra.has("inputResponses")) {
      params.set("inputResponses", extra.get("inputResponses"));
      params.set("requestState", extra.get("requestState"));
    }
    ObjectNode meta = meta();
    meta.set("io.modelcontextprotocol/clientCapabilities", caps);
    return modern.post(Messages.request(id, "tools/call", params(params, meta)), headers("tools/call", tool));
  }

  /** Any request; {@code override} replaces or adds headers. */
  public static Reply send(StreamableClient modern, int id, String method, ObjectNode params, ObjectNode caps,
      Map<String, String> override) throws Exception {
    ObjectNode meta = meta();
    meta.set("io.modelcontextprotocol/clientCapabilities", caps);
    Map<String, String> h = new LinkedHashMap<>(headers(method, null));
    h.putAll(override);
    return modern.post(Messages.request(id, method, params(params, meta)), h);
  }

  /**
   * What the input-required rounds of one call asked (key → method), the reply that ended it, and the last round with
   * the answers given to it (to replay a spent state).
   */
  public record Rounds(Map<String, String> asked, int rounds, Reply done, JsonNode lastRound, ObjectNode lastAnswers) {}

  /**
   * Calls {@code tool} with ids from {@code firstId} and answers each input-required round ({@code answer} maps a
   * question to its response) until the call ends, at most four rounds. A legacy child's questions are gathered into
   * one round as they arrive; on a loaded machine one can come too late for it and opens a second round, which the
   * protocol allows — so a test asserts what was asked and how the call ended, not how the rounds fell.
   */
  public static Rounds answerRounds(StreamableClient modern, int firstId, String tool,
      java.util.function.Function<JsonNode, JsonNode> answer) throws Exception {
    Map<String, String> asked = new LinkedHashMap<>();
    Reply reply = call(modern, firstId, tool, Json.object(), caps());
    JsonNode round = reply.response().path("result");
    JsonNode last = round;
    ObjectNode lastAnswers = Json.object();
    int rounds = 0;
    while ("input_required".equals(round.path("resultType").asString("")) && rounds < 4) {
      ObjectNode answers = Json.object();
      round.path("inputRequests").properties().forEach(e -> {
        asked.put(e.getKey(), e.getValue().path("method").asString(""));
        answers.set(e.getKey(), answer.apply(e.getValue()));
      });
      last = round;
      lastAnswers = answers;
      rounds++;
      reply = call(modern, firstId + rounds, tool, retry(answers, round), caps());
      round = reply.response().path("result");
    }
    return new Rounds(asked, rounds, reply, last, lastAnswers);
  }

  /**
   * Answers to the conformance fixture's usual questions: the elicitation accepted with {@code name}, the sampling
   * answered with {@code greeting}, {@code roots/list} with one root {@code file:///r}.
   */
  public static java.util.function.Function<JsonNode, JsonNode> answering(String name, String greeting) {
    return q -> switch (q.path("method").asString("")) {
      case "elicitation/create" -> Json.object().put("action", "accept").set("content",
          Json.object().put("name", name));
      case "sampling/createMessage" -> Json.object().put("role", "assistant").put("model", "m").set("content",
          Json.object().put("type", "text").put("text", greeting));
      default -> Json.parse("{\"roots\":[{\"uri\":\"file:///r\"}]}");
    };
  }

  /** The members of a retry: {@code answers} as {@code inputResponses}, and the round's {@code requestState}. */
  public static ObjectNode retry(ObjectNode answers, JsonNode round) {
    ObjectNode extra = Json.object();
    extra.set("inputResponses", answers);
    extra.put("requestState", round.path("requestState").asString());
    return extra;
  }

  public static ObjectNode params(ObjectNode params, ObjectNode meta) {
    params.set("_meta", meta);
    return params;
  }

  /** The revision, {@link #caps()} and a client name. */
  public static ObjectNode meta() {
    ObjectNode meta = Json.object().put("io.modelcontextprotocol/protocolVersion", MODERN);
    meta.set("io.modelcontextprotocol/clientCapabilities", caps());
    meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "stateless-it").put("version", "1");
    return meta;
  }

  /** Sampling, (form) elicitation and roots. */
  public static ObjectNode caps() {
    ObjectNode caps = Json.object();
    caps.putObject("sampling");
    caps.putObject("elicitation");
    caps.putObject("roots");
    return caps;
  }

  /** The revision's headers: its version, {@code Mcp-Method}, and {@code Mcp-Name} when {@code name} is given. */
  public static Map<String, String> headers(String method, @Nullable String name) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("MCP-Protocol-Version", MODERN);
    h.put("Mcp-Method", method);
    if (name != null) {
      h.put("Mcp-Name", name);
    }
    return h;
  }
}
