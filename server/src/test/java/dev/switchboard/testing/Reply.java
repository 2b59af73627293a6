package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Streamable HTTP answer read to its end: status, headers, raw body and the JSON-RPC messages in it (from a JSON
 * body or SSE events). Immutable.
 */
public record Reply(int status, HttpHeaders headers, String body, List<JsonNode> messages) {
  public Reply {
    messages = List.copyOf(messages);
  }

  static Reply of(HttpResponse<String> r) throws IOException {
    return new Reply(r.statusCode(), r.headers(), r.body(), Replies.messages(r));
  }

  public String contentType() {
    return headers.firstValue("Content-Type").orElse("");
  }

  /**
   * The one response in the answer; asserts there is exactly one message with a result or an error, and that it
   * answers a request (has an id, is no request itself).
   */
  public JsonNode response() {
    List<JsonNode> responses = messages.stream().filter(m -> m.has("result") || m.has("error")).toList();
    assertThat(responses).as("responses in %s", body).hasSize(1);
    assertThat(Messages.isResponse(responses.get(0))).as("a response to a request in %s", body).isTrue();
    return responses.get(0);
  }

  public boolean isError() {
    return response().has("error");
  }

  public int errorCode() {
    return response().path("error").path("code").asInt();
  }

  public String errorMessage() {
    return response().path("error").path("message").asString("");
  }

  /** The first text block of a tools/call result; asserts the response is a result. */
  public String text() {
    JsonNode r = response();
    assertThat(r.has("result")).as("a result, not %s", r).isTrue();
    return r.path("result").path("content").path(0).path("text").asString("");
  }

  /** The notifications of {@code method} in the answer, in order. */
  public List<JsonNode> notifications(String method) {
    return messages.stream().filter(m -> Messages.isNotification(m, method)).toList();
  }
}
