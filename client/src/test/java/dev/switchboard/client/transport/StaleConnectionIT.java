package dev.switchboard.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.RequestId;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server may close or reset a kept-alive connection just as the client takes it for its next request (Node closes
 * idle ones after 5 s), and the pool may hold several such: the request must then go again, past each of them, not fail
 * with "received no bytes".
 */
@Timeout(30)
class StaleConnectionIT {
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aRequestOnAConnectionTheServerEndedGoesAgainOnANewOne(boolean reset) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread.ofVirtual().start(() -> accept(server, connections, n -> n == 1 ? 1 : Integer.MAX_VALUE, reset, null));
      BlockingQueue<Message> received = new LinkedBlockingQueue<>();
      StreamableHttpTransport transport = transport(server, received);

      transport.send(Message.request(RequestId.of(1), "tools/list", null));
      transport.send(Message.request(RequestId.of(2), "tools/list", null)); // the first connection ends unanswered

      assertThat(answerId(received)).isEqualTo("1");
      assertThat(answerId(received)).as("answered on the second connection").isEqualTo("2");
      assertThat(connections).hasValue(2);
    }
  }

  @Test
  void aRequestGoesPastEveryPooledConnectionTheServerEnded() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      CountDownLatch bothOpen = new CountDownLatch(2); // the first two requests hold two connections at once
      Thread.ofVirtual().start(() -> accept(server, connections, n -> n <= 2 ? 1 : Integer.MAX_VALUE, false,
          bothOpen));
      BlockingQueue<Message> received = new LinkedBlockingQueue<>();
      StreamableHttpTransport transport = transport(server, received);
      Thread second = Thread.ofVirtual().start(() -> send(transport, 2));

      send(transport, 1);
      second.join(10_000);
      transport.send(Message.request(RequestId.of(3), "tools/list", null)); // both pooled connections end unanswered

      assertThat(List.of(answerId(received), answerId(received))).containsExactlyInAnyOrder("1", "2");
      assertThat(answerId(received)).as("answered on a third connection").isEqualTo("3");
      assertThat(connections).hasValue(3);
    }
  }

  private static StreamableHttpTransport transport(ServerSocket server, BlockingQueue<Message> received)
      throws IOException {
    StreamableHttpTransport transport = StreamableHttpTransport.builder(URI.create("http://127.0.0.1:"
        + server.getLocalPort() + "/mcp")).standaloneStream(false).build();
    transport.start(new Transport.Receiver() {
      @Override
      public void onMessage(Message message) {
        received.add(message);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {}
    });
    return transport;
  }

  private static void send(StreamableHttpTransport transport, long id) {
    try {
      transport.send(Message.request(RequestId.of(id), "tools/list", null));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String answerId(BlockingQueue<Message> received) throws InterruptedException {
    Message m = received.poll(10, TimeUnit.SECONDS);
    assertThat(m).isInstanceOf(Message.Response.class);
    return ((Message.Response) m).id().toString();
  }

  /**
   * Serves each connection: the {@code n}th answers {@code answers.applyAsInt(n)} requests kept-alive (once {@code open}
   * has counted down, when given), then reads the next one and ends without a byte — closed, or {@code reset}.
   */
  private static void accept(ServerSocket server, AtomicInteger connections, IntUnaryOperator answers, boolean reset,
      @Nullable CountDownLatch open) {
    try {
      while (true) {
        Socket socket = server.accept();
        int n = connections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(socket, answers.applyAsInt(n), reset, open));
      }
    } catch (IOException e) {
      // the test is over: the server socket closed
    }
  }

  private static void serve(Socket socket, int answers, boolean reset, @Nullable CountDownLatch open) {
    try (socket) {
      if (open != null) {
        open.countDown();
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (int served = 0;; served++) {
        int length = head(in);
        if (length < 0) {
          return;
        }
        Message.Request request = (Message.Request) MessageCodec.parse(in.readNBytes(length));
        if (served == answers) {
          socket.setSoLinger(reset, 0); // a reset, not an end of stream, when asked
          return;
        }
        if (open != null && !open.await(10, TimeUnit.SECONDS)) {
          return;
        }
        byte[] body = Message.response(request.id(), dev.switchboard.protocol.Json.object()).bytes();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away, or the test is over
    }
  }

  /** Reads a request head; its Content-Length, or -1 at the end of the stream. */
  private static int head(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int length = 0;
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c != '\n') {
        line.append((char) c);
        continue;
      }
      String text = line.toString().trim().toLowerCase(Locale.ROOT);
      line.setLength(0);
      if (text.isEmpty()) {
        return length;
      }
      if (text.startsWith("content-length:")) {
        length = Integer.parseInt(text.substring("content-length:".length()).trim());
      }
    }
    return -1;
  }
}
