package dev.switchboard.bench;

import java.io.IOException;
import java.time.Duration;

/**
 * A 2026-07-28 client on one keep-alive {@link RawHttpConnection}: no handshake and no session, every call carries
 * its own {@code _meta} and the revision's headers. Not thread safe.
 */
final class StatelessEchoSession implements EchoSession {
  private final RawHttpConnection connection;
  private final byte[] prepared;

  StatelessEchoSession(int port, String path, Duration timeout) throws IOException {
    this.connection = new RawHttpConnection(port, timeout);
    this.prepared = connection.prepareStatelessPost(path);
  }

  @Override
  public void echo(long id) throws IOException {
    RawHttpConnection.Reply r = connection.post(prepared, Wire.statelessEchoCall(id));
    if (r.status() != 200) {
      throw new IOException("stateless tools/call answered HTTP " + r.status() + ": " + r.text());
    }
    Wire.expectResult(r.body(), r.body().length, id, "tools/call");
  }

  @Override
  public void close() {
    connection.close();
  }
}
