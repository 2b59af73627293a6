package dev.switchboard.security.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.switchboard.config.OAuthSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Validates JWT access tokens: signature by a JWKS key with an accepted asymmetric algorithm (unsigned and HMAC
 * tokens never pass), {@code typ} JWT or {@code at+jwt}, expiry and not-before within the clock skew, an accepted
 * issuer and the expected audience. Thread safe; may block on a JWKS fetch (see {@link JwksCache}).
 */
final class TokenVerifier {
  private static final Set<String> REQUIRED = Set.of("iss", "sub", "exp");

  private final OAuthSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  TokenVerifier(OAuthSettings settings, JWKSource<SecurityContext> keys) {
    this.settings = settings;
    Set<JWSAlgorithm> algorithms = settings.algorithms().stream().map(JWSAlgorithm::parse)
        .collect(Collectors.toSet());
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
        new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, null, REQUIRED, null);
    claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, settings.clockSkew().toSeconds()));
    processor.setJWTClaimsSetVerifier(claims);
  }

  Verdict verify(JWT token, String audience) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (BadJOSEException e) {
      return new Verdict.Invalid(String.valueOf(e.getMessage()));
    } catch (com.nimbusds.jose.JOSEException e) {
      return new Verdict.Invalid("signature check failed: " + e.getMessage());
    }
    if (!settings.issuers().contains(claims.getIssuer())) {
      return new Verdict.Invalid("issuer " + claims.getIssuer() + " is not accepted");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
      return new Verdict.Invalid("audience " + claims.getAudience() + " does not name " + audience);
    }
    return new Verdict.Valid(new Grant(claims.getIssuer(), claims.getSubject(), clientId(claims), scopes(claims),
        settings.scopes()));
  }

  private static @Nullable String clientId(JWTClaimsSet claims) {
    Object id = claims.getClaim("client_id");
    id = id != null ? id : claims.getClaim("azp");
    return id instanceof String s ? s : null;
  }

  /** RFC 9068's space-separated {@code scope}, or the {@code scp} list some servers send instead. */
  static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> out = new LinkedHashSet<>();
    for (Object claim : new Object[] {claims.getClaim("scope"), claims.getClaim("scp")}) {
      if (claim instanceof String s) {
        out.addAll(List.of(s.strip().split(" +")));
      } else if (claim instanceof List<?> list) {
        list.forEach(x -> out.add(String.valueOf(x)));
      }
    }
    out.remove("");
    return out;
  }
}
