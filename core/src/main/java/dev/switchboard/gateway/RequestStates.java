package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code requestState} a modern client carries between rounds of an input-required call: which parked call and
 * round it continues, for whom, and until when, signed with a secret this gateway made at start (HMAC-SHA256). The
 * client cannot read anything useful from it nor forge or alter it; a restarted gateway's old states fail
 * verification. Thread safe.
 */
final class RequestStates {
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  /** The cluster node's {@code "NODE."} (as session ids carry it), so another node can send a retry here; or "". */
  private final String prefix;

  RequestStates() {
    this("");
  }

  RequestStates(String prefix) {
    this.prefix = prefix;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  /** What a state vouches for. {@code call} names the parked call, {@code round} the question it answers. */
  record Claim(long call, int round, String principal, String server, String target, long expiresAtMillis) {}

  String sign(Claim claim) {
    ObjectNode body = Json.object().put("c", claim.call()).put("r", claim.round()).put("p", claim.principal())
        .put("s", claim.server()).put("t", claim.target()).put("e", claim.expiresAtMillis());
    String payload = ENCODE.encodeToString(Json.bytes(body));
    return prefix + payload + "." + ENCODE.encodeToString(mac(payload));
  }

  /** The claim of a state this gateway signed, or empty for anything else (altered, forged, garbled). */
  Optional<Claim> verify(String signed) {
    if (!signed.startsWith(prefix)) {
      return Optional.empty();
    }
    String state = signed.substring(prefix.length());
    int dot = state.indexOf('.');
    if (dot <= 0 || dot != state.lastIndexOf('.')) {
      return Optional.empty();
    }
    String payload = state.substring(0, dot);
    try {
      if (!MessageDigest.isEqual(mac(payload), DECODE.decode(state.substring(dot + 1)))) {
        return Optional.empty();
      }
      JsonNode body = Json.parse(DECODE.decode(payload));
      return Optional.of(new Claim(body.path("c").asLong(), body.path("r").asInt(), body.path("p").asString(""),
          body.path("s").asString(""), body.path("t").asString(""), body.path("e").asLong()));
    } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
