package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.gateway.EventStream;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Session;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.testing.Fixtures;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client that opens an SSE stream and then reads nothing: the writer blocks in a socket write once the buffers are
 * full. The stream is cut at its bound (its events dropped), and the write deadline releases the writer, the
 * connection and the stream — long before the connection's idle timeout (five minutes here, as in production).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamWriteTimeoutTest {
  private static final int CAPACITY = 32;

  private static Config config() {
    ObjectNode root = Json.object();
    root.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    root.putObject("gateway").put("host", "127.0.0.1").put("port", 0).putObject("limits")
        .put("maxStreamEvents", CAPACITY);
    return ConfigLoader.parse(Json.bytes(root), null);
  }

  /** Writes go out in slices (each with the deadline); a large JSON answer still arrives whole, with its length. */
  @Test
  void aLargeJsonAnswerArrivesWholeWithItsLength() throws Exception {
    Gateway gateway = new Gateway(config(), "test");
    try {
      Session session = gateway.open("fixture", "anonymous");
      EventStream stream = session.openRequestStream(1);
      int token = stream.attach();
      String text = "a".repeat(5 * ResponseWrites.SLICE + 17);
      stream.offer(Message.response(dev.switchboard.protocol.RequestId.of(7), Json.object().put("text", text)));
      try (JettyHarness jetty = new JettyHarness(60_000, (request, response) -> new StreamResponder(response, stream,
          token, Duration.ofSeconds(60), Duration.ofSeconds(5))
          .answer(false, false))) {
        var reply = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + jetty.port() + "/mcp")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Length")).hasValue(
            Integer.toString(reply.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(Json.parse(reply.body()).path("result").path("text").asString()).isEqualTo(text);
      }
    } finally {
      gateway.close();
    }
  }

  @Test
  void aWriterBlockedOnAClientThatReadsNothingIsReleased() throws Exception {
    Gateway gateway = new Gateway(config(), "test");
    try {
      Session session = gateway.open("fixture", "anonymous"); // no child: nothing starts before initialize
      EventStream stream = session.standalone();
      CountDownLatch ended = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Duration writeTimeout = Duration.ofSeconds(4); // longer than it takes to see the writer stuck
      try (JettyHarness jetty = new JettyHarness(Duration.ofMinutes(5).toMillis(), (request, response) -> {
        int token = stream.attach();
        try {
          new StreamResponder(response, stream, token, Duration.ofSeconds(60), writeTimeout).stream(0, false);
        } catch (Throwable e) {
          failure.set(e);
          throw e;
        } finally {
          ended.countDown();
        }
      }); Socket client = new Socket()) {
        client.setReceiveBufferSize(4096);
        client.connect(new InetSocketAddress("127.0.0.1", jetty.port()));
        client.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
        await().atMost(Duration.ofSeconds(20)).until(stream::isAttached);

        String payload = "p".repeat(256 * 1024);
        int offered = 0;
        // one event at a time until one is not written within a second: the socket is full and, as the client
        // reads nothing, stays full, so the writer is stuck in that write (a writer merely slow under load could
        // still see the cut between two writes and end without the deadline)
        boolean stuck = false;
        while (!stuck && offered < 10 * CAPACITY) {
          assertThat(stream.offer(Message.notification("notifications/message", Json.object().put("data", payload))))
              .isTrue();
          long seq = ++offered;
          stuck = !waitFor(() -> stream.deliveredSeq() >= seq, Duration.ofSeconds(1));
        }
        assertThat(stuck).as("the socket filled up").isTrue();
        while (offered < 10 * CAPACITY && stream.offer(Message.notification("notifications/message",
            Json.object().put("data", payload)))) {
          offered++;
        }
        assertThat(offered).as("the stream refused more once the writer was stuck").isLessThan(10 * CAPACITY);
        assertThat(stream.isCutOff()).isTrue();

        assertThat(ended.await(20, TimeUnit.SECONDS)).as("the stuck writer is released by its write deadline")
            .isTrue();
        assertThat(failure.get()).as("the writer gave up with an I/O failure").isInstanceOf(java.io.IOException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream.isAttached());
        assertThat(session.isBusy()).as("nothing holds the session open now").isFalse();
      }
    } finally {
      gateway.close();
    }
  }

  /** Whether {@code condition} became true within {@code limit} (false, not an exception, when it did not). */
  private static boolean waitFor(java.util.concurrent.Callable<Boolean> condition, Duration limit) {
    try {
      await().atMost(limit).pollInterval(Duration.ofMillis(10)).until(condition);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }
}
