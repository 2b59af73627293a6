package dev.switchboard.transport.http;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestMeta;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The 2026-07-28 standard headers checked against the body: {@code MCP-Protocol-Version} on every POST,
 * {@code Mcp-Method} on every request, {@code Mcp-Name} on the methods that name a tool, prompt or resource. Names
 * are matched case-insensitively (HTTP does), values exactly after trimming, after decoding the
 * {@code =?base64?…?=} form. Stateless.
 */
final class StandardHeaders {
  private static final String BASE64_START = "=?base64?";
  private static final String BASE64_END = "?=";

  private StandardHeaders() {}

  /** A header missing, malformed, or not what the body says: HTTP 400 with -32020. */
  static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  static void check(Request http, Message.Request request, RequestMeta meta) {
    same(http, StreamableHttpHandler.VERSION_HEADER, meta.protocolVersion(), "params._meta."
        + RequestMeta.PROTOCOL_VERSION);
    same(http, StatelessHttp.METHOD_HEADER, request.method(), "method");
    String name = nameOf(request);
    if (name != null) {
      same(http, StatelessHttp.NAME_HEADER, name, request.method().equals("resources/read") ? "params.uri"
          : "params.name");
    }
  }

  private static void same(Request http, String header, String body, String member) {
    String raw = http.getHeaders().get(header);
    if (raw == null) {
      throw new Mismatch("Header mismatch: the " + header + " header is required (it must equal " + member + ")");
    }
    String value = decode(raw.strip(), header);
    if (!value.equals(body)) {
      throw new Mismatch("Header mismatch: " + header + " is '" + value + "' but " + member + " is '" + body + "'");
    }
  }

  /**
   * The value, or the text a {@code =?base64?…?=} value stands for: padded standard Base64 of UTF-8, refused
   * otherwise (the revision's test table rejects a missing pad). A value with only one of the markers is literal.
   */
  static String decode(String value, String header) {
    if (!(value.startsWith(BASE64_START) && value.endsWith(BASE64_END)
        && value.length() >= BASE64_START.length() + BASE64_END.length())) {
      return value;
    }
    String encoded = value.substring(BASE64_START.length(), value.length() - BASE64_END.length());
    try {
      if (encoded.length() % 4 != 0) {
        throw new IllegalArgumentException("unpadded");
      }
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Base64.getDecoder()
              .decode(encoded))).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new Mismatch("Header mismatch: " + header + " is not valid =?base64?…?= text (padded Base64 of UTF-8)");
    }
  }

  private static @Nullable String nameOf(Message.Request request) {
    JsonNode params = request.params();
    String member = switch (request.method()) {
      case "tools/call", "prompts/get" -> "name";
      case "resources/read" -> "uri";
      default -> null;
    };
    return member == null || params == null || !params.path(member).isString() ? null
        : params.path(member).asString();
  }
}
