package dev.switchboard.transport.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A bare Jetty on 127.0.0.1:0 running one blocking handler: the transport's pieces tested without the daemon. */
final class JettyHarness implements AutoCloseable {
  /** The body of a test handler; may throw, then the exchange fails. */
  interface Body {
    void handle(Request request, Response response) throws Exception;
  }

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  JettyHarness(long idleTimeoutMillis, Body body) throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setIdleTimeout(idleTimeoutMillis);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        Thread.ofVirtual().start(() -> {
          try {
            body.handle(request, response);
            callback.succeeded();
          } catch (Throwable e) {
            callback.failed(e);
          }
        });
        return true;
      }
    });
    // No graceful stop: the tests have seen what they assert by the time they close, and a graceful stop waits for
    // every connection to end — a client's idle keep-alive connection made close() time out now and then in CI.
    server.setStopTimeout(0);
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      server.stop();
    } catch (java.io.IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) { // Jetty declares Exception; an interrupt among them is rethrown as one
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new java.io.IOException("stopping the test server", e);
    }
  }
}
