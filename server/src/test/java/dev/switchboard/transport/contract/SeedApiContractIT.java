package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.Transport;
import java.util.List;

/** The transport contract over the seed's API: {@code POST /rpc}, {@code GET /sse}, {@code DELETE /session}. */
class SeedApiContractIT extends TransportContract {
  @Override
  List<String> listen(String server) {
    return List.of();
  }

  @Override
  Transport connect(String server) {
    return new SeedApiTransport(gateway.baseUrl(), server);
  }
}
