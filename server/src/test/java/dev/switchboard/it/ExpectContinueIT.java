package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Expect: 100-continue} over a raw socket: a body declared over {@code maxBodyBytes} is refused with 413 at
 * once — no {@code 100 Continue} invites the body, and the gateway does not wait for it — while a body within the
 * limit still gets its {@code 100 Continue} and is served.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExpectContinueIT {
  private static final int LIMIT = 4096;
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    gateway = TestGateway.start(servers, gw -> gw.putObject("limits").put("maxBodyBytes", LIMIT));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String head(long contentLength) {
    return "POST /mcp/fixture HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port() + "\r\nContent-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\nExpect: 100-continue\r\nContent-Length: " + contentLength
        + "\r\n\r\n";
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413AtOnceWithoutContinue() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5_000); // the old behaviour: 100 Continue, then a wait for 16 MiB that never comes
      long started = System.nanoTime();
      socket.getOutputStream().write(head(16L << 20).getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String answer = readUntilClosed(socket.getInputStream());
      assertThat(answer).as("the first thing the client hears").startsWith("HTTP/1.1 413 ");
      assertThat(answer).doesNotContain("100 Continue");
      assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
      assertThat(answer).contains("\"jsonrpc\":\"2.0\"").contains("maxBodyBytes");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aBodyWithinTheLimitStillGetsContinueAndIsServed() throws Exception {
    byte[] body = Messages.initialize(1, "2025-06-18").getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(head(body.length).getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String interim = readLine(socket.getInputStream());
      assertThat(interim).startsWith("HTTP/1.1 100");
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      String rest = readLine(socket.getInputStream()); // the blank line ending the interim response
      String status = rest.isEmpty() ? readLine(socket.getInputStream()) : rest;
      assertThat(status).startsWith("HTTP/1.1 200");
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0 && b != '\n';) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0;) {
        out.write(buffer, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      // an answer without a close still shows what was said first
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
