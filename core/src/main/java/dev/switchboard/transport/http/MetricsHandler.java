package dev.switchboard.transport.http;

import dev.switchboard.metrics.GatewayMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format, or OpenMetrics when the scraper's {@code Accept}
 * asks for it. Who may read it is the {@link GatewayHandler}'s decision. Stateless.
 */
final class MetricsHandler {
  private final GatewayMetrics metrics;

  MetricsHandler(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  void handle(Request request, Response response) throws IOException {
    GatewayMetrics.Exposition scrape = metrics.scrape(request.getHeaders().get(HttpHeader.ACCEPT));
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, scrape.contentType());
    Content.Sink.write(response, true, ByteBuffer.wrap(scrape.body()));
  }
}
