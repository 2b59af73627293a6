package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.Transport;
import java.net.URI;
import java.util.List;

/** The transport contract over MCP on WebSocket ({@code ws://…/ws/NAME}, subprotocol {@code mcp}). */
class WebSocketContractIT extends TransportContract {
  @Override
  List<String> listen(String server) {
    return List.of();
  }

  @Override
  Transport connect(String server) {
    return new JdkWebSocketTransport(URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/" + server));
  }
}
