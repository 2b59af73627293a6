package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.SocketTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.config.ListenAddress;
import java.util.List;

/** The transport contract over newline-delimited JSON-RPC on loopback TCP (a server's {@code listen} entry). */
class TcpContractIT extends TransportContract {
  @Override
  List<String> listen(String server) {
    return List.of("tcp://127.0.0.1:0");
  }

  @Override
  Transport connect(String server) {
    var tcp = (ListenAddress.Tcp) gateway.daemon().listening(server).get(0);
    return SocketTransport.tcp(tcp.host(), tcp.port());
  }
}
