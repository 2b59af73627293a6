package dev.switchboard.transport.http;

import dev.switchboard.config.SecuritySettings;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.security.Principal;
import dev.switchboard.security.oauth.ResourceServer;
import java.io.IOException;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of OAuth resource-server mode: the RFC 9728 metadata documents and the {@code WWW-Authenticate}
 * challenges on 401 and 403 (the API-key challenge when OAuth is off). Stateless; called on request threads.
 */
final class OAuthReplies {
  private OAuthReplies() {}

  /**
   * The resource server for {@code security}: {@code previous} when its settings are unchanged (its keys and cached
   * answers stay), else a new one that counts on where {@code previous} left off.
   */
  static @Nullable ResourceServer resourceServer(SecuritySettings security, @Nullable ResourceServer previous) {
    if (security.oauth() == null) {
      return null;
    }
    if (previous == null) {
      return new ResourceServer(security.oauth());
    }
    return previous.settings().equals(security.oauth()) ? previous
        : new ResourceServer(security.oauth(), previous.introspections());
  }

  static void metadata(@Nullable ResourceServer oauth, String path, Predicate<String> known, Response response)
      throws IOException {
    var document = oauth == null ? java.util.Optional.<tools.jackson.databind.node.ObjectNode>empty()
        : oauth.metadata(path, known);
    if (document.isEmpty()) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: " + path
          + (oauth == null ? " (OAuth is not configured: gateway.auth.oauth)" : ""));
    }
    HttpReplies.json(response, 200, document.get());
  }

  static String unauthorized(@Nullable ResourceServer oauth, @Nullable String server, boolean presented) {
    if (oauth != null) {
      return oauth.unauthorized(server, presented);
    }
    return presented ? "Bearer realm=\"switchboard\", error=\"invalid_token\"" : "Bearer realm=\"switchboard\"";
  }

  /** For a token's principal, the 403 challenge naming the scope {@code server} needs; nothing for a key. */
  static void insufficientScope(@Nullable ResourceServer oauth, Principal principal, String server,
      Response response) {
    if (oauth != null && principal.grant() != null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, oauth.insufficientScope(server));
    }
  }

  /** How a refusal names the principal: the key, or the token's subject and scopes. */
  static String who(Principal principal) {
    var grant = principal.grant();
    return grant == null ? "API key '" + principal.name() + "'"
        : "access token of '" + principal.name() + "' (scopes " + grant.scopes() + ")";
  }
}
