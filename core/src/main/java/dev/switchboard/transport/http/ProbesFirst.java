package dev.switchboard.transport.http;

import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server's handler: answers plain {@code /health} and {@code /ready} probes at once on the I/O thread that read
 * them, and hands every other request to a virtual thread of its own, where {@link GatewayHandler} may block. A flood
 * that keeps every virtual-thread carrier busy would otherwise queue the probe behind it (seconds, on two cores);
 * the I/O threads are platform threads the OS schedules beside the carriers. Non-blocking; thread safe.
 */
final class ProbesFirst extends org.eclipse.jetty.server.Handler.Wrapper {
  private final GatewayHandler gateway;
  private final Executor virtual;

  ProbesFirst(GatewayHandler gateway, Executor virtual) {
    super(gateway);
    this.gateway = gateway;
    this.virtual = virtual;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING; // Jetty then calls handle on the I/O thread: this handler never blocks
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!gateway.probe(request, response, callback)) {
      virtual.execute(() -> gateway.handle(request, response, callback)); // it always takes the callback over
    }
    return true;
  }
}
