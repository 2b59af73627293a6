package dev.switchboard.security.oauth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches a JWKS document over HTTP(S) with bounded time and size, for {@link JwksCache}. Thread safe (the JDK client
 * is); blocking, on the caller's thread.
 */
final class HttpJwks implements JwksCache.Fetch {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_BYTES = 512 * 1024;

  private final HttpClient http;
  private final URI uri;

  HttpJwks(HttpClient http, URI uri) {
    this.http = http;
    this.uri = uri;
  }

  @Override
  public JWKSet fetch() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET()
        .build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered " + response.statusCode());
      }
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) {
        throw new IOException("GET " + uri + " answered more than " + MAX_BYTES + " bytes");
      }
      return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
    }
  }
}
