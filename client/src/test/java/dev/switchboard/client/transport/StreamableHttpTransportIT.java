package dev.switchboard.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.Client;
import dev.switchboard.client.ClientException;
import dev.switchboard.client.ConnectionFailedException;
import dev.switchboard.client.RpcException;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streamable HTTP against a scripted server on 127.0.0.1: answers, headers, resumption, reconnects and failures. */
@Timeout(60)
class StreamableHttpTransportIT {
  private static void handshake(FakeHttpServer.Exchange ex, String session) throws Exception {
    ex.json(Message.response(ex.rpc().id(), FakeHttpServer.initializeResult()), "Mcp-Session-Id", session);
  }

  @Test
  void jsonAnswersCarryTheSessionAndVersionAndCloseDeletesTheSession() throws Exception {
    try (FakeHttpServer server = new FakeHttpServer(ex -> {
      switch (ex.request.method() + " " + FakeHttpServer.methodOf(ex.request)) {
        case "POST initialize" -> handshake(ex, "s1");
        case "POST tools/list" -> ex.json(Message.response(ex.rpc().id(),
            Json.parse("{\"tools\":[{\"name\":\"t\"}]}")));
        case "POST notifications/initialized", "DELETE null" -> ex.status(202, "");
        default -> ex.status(405, "");
      }
    })) {
      Client client = Client.http(server.url());
      assertThat(client.listAllTools()).hasSize(1);
      FakeHttpServer.Recorded list = server.next("POST", "tools/list");
      assertThat(list.header("Mcp-Session-Id")).isEqualTo("s1");
      assertThat(list.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
      assertThat(list.header("Accept")).isEqualTo("application/json, text/event-stream");
      client.close();
      assertThat(server.next("DELETE", null).header("Mcp-Session-Id")).isEqualTo("s1");
    }
  }

  @Test
  void aPostStreamClosedBeforeItsAnswerIsResumedWithGetAfterRetry() throws Exception {
    AtomicLong closedAt = new AtomicLong();
    java.util.concurrent.atomic.AtomicReference<dev.switchboard.protocol.RequestId> callId =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (FakeHttpServer server = new FakeHttpServer(ex -> {
      String lastEventId = ex.request.header("Last-Event-ID");
      switch (ex.request.method() + " " + FakeHttpServer.methodOf(ex.request)) {
        case "POST initialize" -> handshake(ex, "s1");
        case "POST tools/call" -> {
          callId.set(ex.rpc().id());
          ex.sse("id: e1\nretry: 300\ndata: \n\n").close();
          closedAt.set(System.nanoTime());
        }
        case "GET null" -> {
          if (lastEventId == null) {
            ex.status(405, "");
            return;
          }
          Message answer = Message.response(callId.get(), Json.parse(
              "{\"content\":[{\"type\":\"text\",\"text\":\"resumed\"}]}"));
          ex.sse("id: e2\ndata: " + Json.text(answer.node()) + "\n\n");
          ex.hold();
        }
        default -> ex.status(202, "");
      }
    }); Client client = Client.http(server.url())) {
      client.connect();
      assertThat(client.callTool("slow", Json.object()).text()).isEqualTo("resumed");
      FakeHttpServer.Recorded resume = server.next("GET", null);
      while (resume.header("Last-Event-ID") == null) {
        resume = server.next("GET", null);
      }
      assertThat(resume.header("Last-Event-ID")).isEqualTo("e1");
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(resume.nanos() - closedAt.get());
      assertThat(waitedMillis).as("delay before resuming").isBetween(250L, 3000L);
    }
  }

  @Test
  void aDroppedStandaloneStreamReconnectsWithLastEventId() throws Exception {
    AtomicInteger gets = new AtomicInteger();
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (FakeHttpServer server = new FakeHttpServer(ex -> {
      switch (ex.request.method() + " " + FakeHttpServer.methodOf(ex.request)) {
        case "POST initialize" -> handshake(ex, "s1");
        case "GET null" -> {
          int n = gets.incrementAndGet();
          Message note = Message.notification("notifications/n" + n, null);
          OutputStream out = ex.sse("retry: 100\n" + FakeHttpServer.event("g" + n, note));
          if (n == 1) {
            out.close();
          } else {
            ex.hold();
          }
        }
        default -> ex.status(202, "");
      }
    }); Client client = Client.builder(StreamableHttpTransport.factory(server.url()))
        .onNotification("*", n -> seen.add(n.method())).build()) {
      client.connect();
      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("notifications/n1");
      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("notifications/n2");
      server.next("GET", null);
      assertThat(server.next("GET", null).header("Last-Event-ID")).isEqualTo("g1");
    }
  }

  @Test
  void a404OnTheSessionStartsANewOneAndRepeatsTheCall() throws Exception {
    AtomicInteger sessions = new AtomicInteger();
    try (FakeHttpServer server = new FakeHttpServer(ex -> {
      String session = ex.request.header("Mcp-Session-Id");
      switch (ex.request.method() + " " + FakeHttpServer.methodOf(ex.request)) {
        case "POST initialize" -> handshake(ex, "s" + sessions.incrementAndGet());
        case "POST tools/list" -> {
          if (session.equals("s1") && sessions.get() == 1 && server404(ex)) {
            return;
          }
          ex.json(Message.response(ex.rpc().id(), Json.parse("{\"tools\":[]}")));
        }
        case "GET null" -> ex.status(405, "");
        default -> ex.status(202, "");
      }
    }); Client client = Client.http(server.url())) {
      client.connect();
      assertThat(client.listAllTools()).isEmpty();
      assertThat(sessions.get()).isEqualTo(2);
      FakeHttpServer.Recorded retried = server.next("POST", "tools/list");
      while (!"s2".equals(retried.header("Mcp-Session-Id"))) {
        retried = server.next("POST", "tools/list");
      }
      assertThat(server.requests.stream().filter(r -> r.method().equals("DELETE"))).isEmpty();
    }
  }

  private static boolean server404(FakeHttpServer.Exchange ex) throws Exception {
    ex.status(404, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32004,\"message\":\"Session not found\"}}");
    return true;
  }

  @Test
  void httpErrorsSayWhatTheServerSaid() throws Exception {
    try (FakeHttpServer server = new FakeHttpServer(ex -> {
      switch (ex.request.method() + " " + FakeHttpServer.methodOf(ex.request)) {
        case "POST initialize" -> handshake(ex, "s1");
        case "POST tools/list" -> ex.status(500, "boom");
        case "POST prompts/list" -> ex.status(400,
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Bad Request: no\"}}");
        case "GET null" -> ex.status(405, "");
        default -> ex.status(202, "");
      }
    }); Client client = Client.http(server.url())) {
      assertThatThrownBy(client::listAllTools).isInstanceOf(ClientException.class)
          .hasMessageContaining("HTTP 500: boom");
      assertThatThrownBy(client::listAllPrompts).isInstanceOfSatisfying(RpcException.class,
          e -> assertThat(e.error().message()).isEqualTo("Bad Request: no"));
    }
  }

  @Test
  void aRefusedConnectionIsAClearException() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/mcp");
    try (Client client = Client.http(url)) {
      assertThatThrownBy(client::connect).isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
        assertThat(e).hasMessage("could not connect to " + url + ": connection refused");
        assertThat(e.target()).isEqualTo(url.toString());
      });
    }
  }
}
