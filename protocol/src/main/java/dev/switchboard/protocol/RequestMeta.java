package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a 2026-07-28 request says about its sender in {@code params._meta}: the revision it speaks, the capabilities it
 * can answer input requests for, who it is, and whether it wants log messages. There is no handshake in that
 * revision, so every request carries these. Immutable.
 */
public record RequestMeta(String protocolVersion, ObjectNode clientCapabilities, @Nullable JsonNode clientInfo,
    @Nullable String logLevel) {
  public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
  public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
  public static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
  public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
  public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

  /** Whether a message names its revision per request, as only 2026-07-28 and later do. */
  public static boolean claimsRevision(Message message) {
    return message.node().path("params").path("_meta").has(PROTOCOL_VERSION);
  }

  /**
   * Reads the {@code _meta} of a request; {@link IllegalArgumentException} names what is missing or malformed (the
   * caller answers -32602).
   */
  public static RequestMeta of(Message.Request request) {
    JsonNode meta = request.node().path("params").path("_meta");
    if (!meta.isObject()) {
      throw new IllegalArgumentException("Invalid params: a " + ProtocolVersion.V2026_07_28
          + " request must carry params._meta with " + PROTOCOL_VERSION + " and " + CLIENT_CAPABILITIES);
    }
    JsonNode version = meta.get(PROTOCOL_VERSION);
    if (version == null || !version.isString() || version.asString().isBlank()) {
      throw new IllegalArgumentException("Invalid params: params._meta." + PROTOCOL_VERSION + " is required");
    }
    if (!(meta.get(CLIENT_CAPABILITIES) instanceof ObjectNode caps)) {
      throw new IllegalArgumentException("Invalid params: params._meta." + CLIENT_CAPABILITIES
          + " is required (an object; {} declares none)");
    }
    JsonNode level = meta.get(LOG_LEVEL);
    if (level != null && !level.isString()) {
      throw new IllegalArgumentException("Invalid params: params._meta." + LOG_LEVEL + " must be a level name");
    }
    return new RequestMeta(version.asString(), caps, meta.get(CLIENT_INFO), level == null ? null : level.asString());
  }

  /** Whether the sender can answer this kind of input request ({@code sampling}, {@code elicitation}, {@code roots}). */
  public boolean declares(String capability) {
    return clientCapabilities.has(capability);
  }

  /** Whether the sender can complete URL-mode elicitations: {@code elicitation.url} ({@code {}} alone is form only). */
  public boolean declaresUrlElicitation() {
    return clientCapabilities.path("elicitation").path("url").isObject();
  }
}
