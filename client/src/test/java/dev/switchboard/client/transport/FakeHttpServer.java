package dev.switchboard.client.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted Streamable HTTP server on {@code 127.0.0.1:0} for transport tests: the test's handler answers each
 * request with the helpers here (JSON, raw SSE wire text, a status), and every request is recorded with its
 * headers, arrival time and message. Handlers run on a virtual thread per request. Thread safe.
 */
final class FakeHttpServer implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  interface Handler {
    void handle(Exchange exchange) throws Exception;
  }

  /** One request as the server saw it. */
  record Recorded(String method, Map<String, List<String>> headers, @Nullable Message message, long nanos) {
    @Nullable String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }
  }

  /** The request being answered, and ways to answer it. */
  final class Exchange {
    final HttpExchange http;
    final Recorded request;

    Exchange(HttpExchange http, Recorded request) {
      this.http = http;
      this.request = request;
    }

    Message.Request rpc() {
      return (Message.Request) request.message();
    }

    void json(Message message, String... headers) throws IOException {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        http.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      http.getResponseHeaders().add("Content-Type", "application/json");
      byte[] body = message.bytes();
      http.sendResponseHeaders(200, body.length);
      http.getResponseBody().write(body);
      http.close();
    }

    /** Starts an SSE answer and writes raw wire text; the caller closes (or holds) the stream. */
    OutputStream sse(String wire) throws IOException {
      http.getResponseHeaders().add("Content-Type", "text/event-stream");
      http.sendResponseHeaders(200, 0);
      OutputStream out = http.getResponseBody();
      write(out, wire);
      return out;
    }

    void write(OutputStream out, String wire) throws IOException {
      out.write(wire.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void status(int code, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      http.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
      http.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        http.getResponseBody().write(bytes);
      }
      http.close();
    }

    /** Keeps a stream open until the server closes. */
    void hold() throws InterruptedException {
      stopped.await(30, TimeUnit.SECONDS);
      http.close();
    }
  }

  final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final HttpServer server;
  private final CountDownLatch stopped = new CountDownLatch(1);

  FakeHttpServer(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/mcp", http -> {
      byte[] body = http.getRequestBody().readAllBytes();
      Recorded recorded = new Recorded(http.getRequestMethod(), Map.copyOf(http.getRequestHeaders()),
          body.length == 0 ? null : MessageCodec.parse(body), System.nanoTime());
      requests.add(recorded);
      try {
        handler.handle(new Exchange(http, recorded));
      } catch (Exception e) {
        http.close();
      }
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  /** The next recorded request with this HTTP method (and JSON-RPC method, if given). */
  Recorded next(String httpMethod, @Nullable String rpcMethod) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Recorded r = requests.poll(100, TimeUnit.MILLISECONDS);
      if (r != null && r.method().equals(httpMethod) && (rpcMethod == null || rpcMethod.equals(methodOf(r)))) {
        return r;
      }
    }
    throw new AssertionError("no " + httpMethod + " " + rpcMethod + " request arrived");
  }

  static @Nullable String methodOf(Recorded r) {
    return switch (r.message()) {
      case Message.Request q -> q.method();
      case Message.Notification n -> n.method();
      case null, default -> null;
    };
  }

  static ObjectNode initializeResult() {
    ObjectNode result = Json.object().put("protocolVersion", "2025-11-25");
    result.putObject("capabilities").putObject("tools");
    result.putObject("serverInfo").put("name", "fake-http").put("version", "1");
    return result;
  }

  static String event(@Nullable String id, Message message) {
    return (id == null ? "" : "id: " + id + "\n") + "data: " + Json.text(message.node()) + "\n\n";
  }

  @Override
  public void close() {
    stopped.countDown();
    server.stop(0);
  }
}
