/**
 * OAuth 2.1 resource-server mode ({@code gateway.auth.oauth}): access-token validation (JWTs against a cached JWKS,
 * opaque tokens through RFC 7662 introspection), the RFC 9728 protected-resource metadata and the
 * {@code WWW-Authenticate} challenges that point MCP clients at the authorization server. Depends on {@code config}
 * only; {@code security.Authenticator} turns a {@link dev.switchboard.security.oauth.Grant} into a principal.
 */
@NullMarked
package dev.switchboard.security.oauth;

import org.jspecify.annotations.NullMarked;
