package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.internal.PlainHttp;
import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain HTTP to this machine skips the default TLS context (its CA certificates); anything else keeps it. */
class PlainHttpTest {
  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:7182/mcp/x", "http://localhost:7182/mcp", "http://[::1]:7182/mcp",
      "HTTP://127.0.0.2/mcp"})
  void plainHttpToTheLoopbackGetsAContextThatTrustsNothing(String url) throws Exception {
    try (HttpClient http = PlainHttp.forEndpoint(HttpClient.newBuilder(), URI.create(url)).build()) {
      assertThat(http.sslContext()).isNotSameAs(SSLContext.getDefault());
      assertThat(http.sslContext().getProtocol()).isEqualTo("TLS");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://127.0.0.1:7182/mcp", "http://example.com/mcp", "http://10.0.0.1/mcp",
      "http://127.0.0.1.example.com/mcp"})
  void tlsOrAnotherHostKeepsTheDefaultContext(String url) throws Exception {
    try (HttpClient http = PlainHttp.forEndpoint(HttpClient.newBuilder(), URI.create(url)).build()) {
      assertThat(http.sslContext()).isSameAs(SSLContext.getDefault());
    }
  }
}
