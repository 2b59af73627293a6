package dev.switchboard.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The HTTP floor: a bare Jetty 12 core handler, set up like the gateway's listener (virtual-thread pool with a high
 * task cap, no Server or Date header, 127.0.0.1), that reads each POST body and answers a canned JSON-RPC result of
 * the same shape as the fixture's echo answer. Nothing any HTTP MCP server could do costs less on this stack. Runs as
 * its own JVM: {@code FloorServer} prints {@code PORT n} and stops when stdin closes.
 */
public final class FloorServer {
  /** What the conformance fixture answers to {@code echo "hello"}, with id 1. */
  static final byte[] CANNED = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\","
      + "\"text\":\"hello\"}]}}").getBytes(StandardCharsets.UTF_8);

  private FloorServer() {}

  public static void main(String[] args) throws Exception {
    Server server = start(0);
    System.out.println("PORT " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    System.out.flush();
    ChildJvm.awaitStdinEof();
    server.stop();
    System.exit(0);
  }

  static Server start(int port) throws Exception {
    VirtualThreadPool threads = new VirtualThreadPool();
    threads.setMaxConcurrentTasks(100_000);
    threads.setName("floor");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    server.addConnector(connector);
    server.setHandler(new Floor());
    server.setStopTimeout(2_000);
    server.start();
    return server;
  }

  /** Blocking like the gateway's handler, so Jetty runs it on a virtual thread per request. */
  static final class Floor extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        Content.Source.asByteBuffer(request); // read (and so consume) the whole body, as any MCP server must
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, ByteBuffer.wrap(CANNED));
        callback.succeeded();
      } catch (Exception e) {
        callback.failed(e);
      }
      return true;
    }
  }
}
