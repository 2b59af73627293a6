package dev.switchboard.client.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * HTTP clients for plain HTTP to this machine (the local daemon) without the default TLS context: building an
 * {@code HttpClient} loads the JDK's CA certificates even when it will never speak TLS, about a tenth of a second of
 * a launcher's start-up (the stdio bridge's). The context given instead trusts no certificate, so a redirect to
 * {@code https} fails closed rather than talking TLS unchecked. Stateless.
 */
public final class PlainHttp {
  private PlainHttp() {}

  /** {@code builder} as it was, or with the no-trust context when {@code endpoint} is plain HTTP to the loopback. */
  public static HttpClient.Builder forEndpoint(HttpClient.Builder builder, URI endpoint) {
    if (!"http".equalsIgnoreCase(endpoint.getScheme()) || !isLoopback(endpoint.getHost())) {
      return builder;
    }
    try {
      SSLContext none = SSLContext.getInstance("TLS");
      none.init(new KeyManager[0], new TrustManager[0], null);
      return builder.sslContext(none);
    } catch (GeneralSecurityException e) {
      return builder; // the default context then: slower, never wrong
    }
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    try {
      // a literal address only (no lookup): getByName does not resolve a literal
      return isLiteral(host) && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLiteral(String host) {
    return host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
  }
}
