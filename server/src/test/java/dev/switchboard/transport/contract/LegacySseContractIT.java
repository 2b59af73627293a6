package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.LegacySseTransport;
import dev.switchboard.client.transport.Transport;
import java.net.URI;
import java.util.List;

/** The transport contract over the 2024-11-05 HTTP+SSE transport ({@code GET /sse/NAME}, POST to its endpoint). */
class LegacySseContractIT extends TransportContract {
  @Override
  List<String> listen(String server) {
    return List.of();
  }

  @Override
  Transport connect(String server) {
    return new LegacySseTransport(URI.create(gateway.baseUrl() + "/sse/" + server));
  }
}
