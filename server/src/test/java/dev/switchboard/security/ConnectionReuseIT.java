package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A refusal must not break the client's next request: an HTTP/1.1 client reuses its connection unless told
 * {@code Connection: close}. Headers and body are sent apart here, as real clients often do.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionReuseIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = SecureHttp.gateway(gw -> {});
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** The response head (its body is read and dropped) to a POST whose headers were sent but not its body. */
  private static String refusedBeforeTheBody(Socket socket, String authorization, String body) throws IOException {
    OutputStream out = socket.getOutputStream();
    String request = SecureHttp.postHead("/mcp/fixture", "127.0.0.1:" + gateway.port(), "Authorization: "
        + authorization) + "Content-Length: " + body.length() + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    while (!response.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      response.write(b);
    }
    String head = response.toString(StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1))); // the body, so the next response starts clean
    }
    return head;
  }

  @Test
  void aRefusalBeforeTheBodyStillAnswers401() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      String head = refusedBeforeTheBody(socket, "Bearer wrong-0123456789abcdef", SecureHttp.initialize(1));
      assertThat(head).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  void aRefusalThatClosesTheConnectionSaysSo() throws Exception {
    String body = SecureHttp.initialize(1);
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      String head = refusedBeforeTheBody(socket, "Bearer wrong-0123456789abcdef", body);
      assertThat(head).startsWith("HTTP/1.1 401");
      Thread.sleep(500); // the body, late: after the server has finished with the request
      socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      boolean saysClose = head.toLowerCase(java.util.Locale.ROOT).contains("connection: close");
      if (!saysClose) {
        // then the connection must still work
        socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ALICE
            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        byte[] next = socket.getInputStream().readNBytes(12);
        assertThat(new String(next, StandardCharsets.ISO_8859_1)).as("next request on the kept-alive connection")
            .isEqualTo("HTTP/1.1 200");
      }
    }
  }
}
