package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * {@link Bodies#read} against a real Jetty and raw sockets: memory follows the bytes that arrived, not the declared
 * Content-Length, and the bodies in progress share one budget past which requests get 503 instead of the heap
 * running out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BodiesTest {
  private static final long DECLARED = 16L << 20;
  private static final int SENT = 1000;

  /** Reads with {@code limit} and {@code budget}; answers 200 with the size read, or the refusal's status. */
  private static JettyHarness.Body reader(long limit, BodyBudget budget, AtomicInteger entered) {
    return (Request request, Response response) -> {
      entered.incrementAndGet();
      try {
        byte[] body = Bodies.read(request, limit, budget);
        HttpReplies.json(response, 200, Json.object().put("read", body.length));
      } catch (GatewayException e) {
        HttpReplies.error(response, HttpStatuses.of(e.refusal()), e.error(), null);
      }
    };
  }

  private static Socket trickle(int port, long declared, byte[] sent) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    String head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + declared + "\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().write(sent);
    socket.getOutputStream().flush();
    return socket;
  }

  @Test
  void bodiesDeclaringMuchButSendingLittleReserveWhatArrivedNotWhatWasDeclared() throws Exception {
    int connections = 50;
    BodyBudget budget = new BodyBudget(1L << 40);
    AtomicInteger entered = new AtomicInteger();
    List<Socket> sockets = new ArrayList<>();
    try (JettyHarness jetty = new JettyHarness(60_000, reader(DECLARED, budget, entered))) {
      try {
        for (int i = 0; i < connections; i++) {
          sockets.add(trickle(jetty.port(), DECLARED, "x".repeat(SENT).getBytes(StandardCharsets.US_ASCII)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> entered.get() == connections && budget.inUse() > 0);
        // each reader holds one small buffer for what arrived, none the 16 MiB its header claims
        long perBody = Bodies.INITIAL_CAPACITY;
        await().atMost(Duration.ofSeconds(20)).until(() -> budget.inUse() == connections * perBody);
        assertThat(budget.inUse()).as("bytes reserved for %d bodies declaring %d bytes and sending %d", connections,
            DECLARED, SENT).isLessThanOrEqualTo(connections * Math.max(perBody, 2L * SENT))
            .isLessThan(DECLARED);
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> budget.inUse() == 0); // a client that leaves releases
    }
  }

  @Test
  void aBodyGrowsWithWhatArrivesAndIsReadWhole() throws Exception {
    BodyBudget budget = new BodyBudget(1L << 40);
    AtomicInteger entered = new AtomicInteger();
    try (JettyHarness jetty = new JettyHarness(60_000, reader(DECLARED, budget, entered))) {
      int size = 300_000;
      byte[] body = "y".repeat(size).getBytes(StandardCharsets.US_ASCII);
      try (Socket socket = trickle(jetty.port(), size, new byte[0])) {
        int sent = 0;
        for (int chunk : new int[] {10, 20_000, 100_000}) {
          socket.getOutputStream().write(body, sent, chunk);
          socket.getOutputStream().flush();
          sent += chunk;
          int arrived = sent;
          await().atMost(Duration.ofSeconds(20)).until(() -> budget.inUse() >= Math.min(arrived, size));
          assertThat(budget.inUse()).as("after %d bytes", arrived)
              .isLessThanOrEqualTo(Math.max(Bodies.INITIAL_CAPACITY, 2L * arrived));
        }
        socket.getOutputStream().write(body, sent, size - sent);
        String reply = readAll(socket.getInputStream(), "}");
        assertThat(reply).startsWith("HTTP/1.1 200").contains("\"read\":" + size);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> budget.inUse() == 0);
    }
  }

  @Test
  void pastTheBudgetARequestIs503WithAJsonRpcErrorAndTheBudgetRecovers() throws Exception {
    BodyBudget budget = new BodyBudget(64 * 1024);
    AtomicInteger entered = new AtomicInteger();
    try (JettyHarness jetty = new JettyHarness(60_000, reader(DECLARED, budget, entered))) {
      int size = 200_000;
      try (Socket socket = trickle(jetty.port(), size, "z".repeat(size).getBytes(StandardCharsets.US_ASCII))) {
        String reply = readAll(socket.getInputStream(), "}");
        assertThat(reply).startsWith("HTTP/1.1 503").contains("\"jsonrpc\":\"2.0\"").contains("\"error\"")
            .contains("budget");
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> budget.inUse() == 0);
      try (Socket socket = trickle(jetty.port(), 1000, "z".repeat(1000).getBytes(StandardCharsets.US_ASCII))) {
        assertThat(readAll(socket.getInputStream(), "}")).startsWith("HTTP/1.1 200").contains("\"read\":1000");
      }
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AndOneAtTheLimitIsRead() throws Exception {
    BodyBudget budget = new BodyBudget(1L << 40);
    AtomicInteger entered = new AtomicInteger();
    int limit = 20_000;
    try (JettyHarness jetty = new JettyHarness(60_000, reader(limit, budget, entered))) {
      assertThat(chunked(jetty.port(), limit)).startsWith("HTTP/1.1 200").contains("\"read\":" + limit);
      assertThat(chunked(jetty.port(), limit + 1)).startsWith("HTTP/1.1 413").contains("maxBodyBytes");
      assertThat(chunked(jetty.port(), 0)).startsWith("HTTP/1.1 200").contains("\"read\":0");
      await().atMost(Duration.ofSeconds(20)).until(() -> budget.inUse() == 0);
    }
  }

  private static String chunked(int port, int size) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      StringBuilder request = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
          + "application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      int left = size;
      while (left > 0) {
        int n = Math.min(left, 4096);
        request.append(Integer.toHexString(n)).append("\r\n").append("c".repeat(n)).append("\r\n");
        left -= n;
      }
      request.append("0\r\n\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readAll(socket.getInputStream(), "}");
    }
  }

  /** Reads until the peer closes or the text read so far ends with {@code end}. */
  private static String readAll(InputStream in, String end) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0;) {
        out.write(buffer, 0, n);
        if (out.toString(StandardCharsets.ISO_8859_1).strip().endsWith(end)) {
          break;
        }
      }
    } catch (java.net.SocketException e) {
      if (out.size() == 0) {
        throw e;
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
