package dev.switchboard.security.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.OAuthSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An introspection endpoint on 127.0.0.1 that answers with a body past the 64 KiB bound: the gateway stops reading
 * at the bound (or at once, when the declared length is already past it) and refuses the token, long before the
 * 10 s round-trip bound and without buffering the rest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntrospectionBodyTest {
  private static final String GW = "https://gw.test";
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean hungUp = new AtomicBoolean();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/endless", this::endless);
    server.createContext("/declared", this::declared);
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  /** A JSON object that never ends, written as fast as the client takes it, until the client hangs up. */
  private void endless(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[8192];
    Arrays.fill(chunk, (byte) 'a');
    try (OutputStream out = exchange.getResponseBody()) {
      out.write("{\"active\":true,\"pad\":\"".getBytes(StandardCharsets.UTF_8));
      while (true) {
        out.write(chunk);
        out.flush();
        written.addAndGet(chunk.length);
      }
    } catch (IOException e) {
      hungUp.set(true);
    }
  }

  /** Declares 10 MB, sends one byte (the headers go with it), then nothing more until the test ends. */
  private void declared(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 10_000_000);
    exchange.getResponseBody().write('{');
    exchange.getResponseBody().flush();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.close();
  }

  private Verdict introspect(String path) {
    OAuthSettings settings = new OAuthSettings(List.of("https://issuer.test"), GW, true, null,
        OAuthSettings.ASYMMETRIC, Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10),
        new OAuthSettings.ScopeRules(Map.of("*", List.of("mcp"))), new OAuthSettings.Introspection(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), "gw", "s3cret"));
    Introspector introspector = new Introspector(settings, settings.introspection(), HttpClient.newHttpClient(),
        Instant::now, new IntrospectionTally());
    return introspector.introspect("opaque-token", GW + "/mcp/github");
  }

  @Test
  void anEndlessBodyIsCutOffAtTheBoundAndTheTokenRefused() {
    Verdict verdict = introspect("/endless");

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Invalid.class,
        v -> assertThat(v.reason()).contains("larger than 65536 bytes"));
    Awaitility.await("the endpoint sees the gateway hang up").untilTrue(hungUp);
    // what the endpoint got rid of is the bound plus what the sockets' buffers held, never the endless rest
    assertThat(written.get()).isLessThan(64L * 1024 * 1024);
  }

  @Test
  void aDeclaredLengthPastTheBoundIsRefusedBeforeAnyOfTheBodyArrives() {
    Verdict verdict = introspect("/declared");

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Invalid.class,
        v -> assertThat(v.reason()).contains("larger than 65536 bytes"));
  }
}
