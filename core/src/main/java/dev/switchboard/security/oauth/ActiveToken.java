package dev.switchboard.security.oauth;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What an RFC 7662 answer says about an active token: only the members the gateway checks, so a cached answer is
 * small and holds nothing of the token itself. Immutable; {@code issuer} null when the answer names none.
 */
record ActiveToken(@Nullable String issuer, List<String> audiences, @Nullable Instant expiry, String subject,
    @Nullable String clientId, Set<String> scopes) {
  ActiveToken {
    audiences = List.copyOf(audiences);
    scopes = Set.copyOf(scopes);
  }

  /** The token described by an answer whose {@code active} is true. */
  static ActiveToken of(JsonNode answer) {
    JsonNode aud = answer.path("aud");
    List<String> audiences = aud.isArray() ? aud.valueStream().map(a -> a.asString("")).toList()
        : List.of(aud.asString(""));
    JsonNode exp = answer.path("exp");
    JsonNode iss = answer.path("iss");
    String client = answer.path("client_id").asString("");
    return new ActiveToken(iss.isMissingNode() || iss.isNull() ? null : iss.asString(""), audiences,
        exp.isNumber() ? Instant.ofEpochSecond(Math.clamp(exp.asLong(), Instant.MIN.getEpochSecond(),
            Instant.MAX.getEpochSecond())) : null,
        answer.path("sub").asString(answer.path("username").asString("")), client.isEmpty() ? null : client,
        scopes(answer.path("scope").asString("")));
  }

  private static Set<String> scopes(String scope) {
    Set<String> out = new LinkedHashSet<>(List.of(scope.strip().split(" +")));
    out.remove("");
    return out;
  }
}
