package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.client.transport.Transport;
import java.net.URI;
import java.util.List;

/** The transport contract over Streamable HTTP ({@code /mcp/NAME}). */
class StreamableHttpContractIT extends TransportContract {
  @Override
  List<String> listen(String server) {
    return List.of();
  }

  @Override
  Transport connect(String server) {
    return StreamableHttpTransport.builder(URI.create(gateway.mcpUrl(server))).build();
  }
}
