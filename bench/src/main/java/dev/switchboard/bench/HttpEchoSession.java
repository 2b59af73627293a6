package dev.switchboard.bench;

import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An MCP session over Streamable HTTP on one keep-alive {@link RawHttpConnection}: against the gateway it is a real
 * session (initialize, notifications/initialized, then calls; DELETE on close); against the floor it sends the same
 * request bytes with a made-up session id of the same length, and the floor's canned answer is not id-checked.
 * Not thread safe.
 */
final class HttpEchoSession implements EchoSession {
  /** As long as a gateway session id (32 random bytes in base64url), so floor requests are the same size. */
  static final String FAKE_SESSION_ID = "b".repeat(43);

  private final RawHttpConnection connection;
  private final String path;
  private final @Nullable String sessionId;
  private final byte[] prepared;
  private final boolean checkIds;

  private HttpEchoSession(RawHttpConnection connection, String path, @Nullable String sessionId, boolean checkIds) {
    this.connection = connection;
    this.path = path;
    this.sessionId = sessionId;
    this.prepared = connection.preparePost(path, sessionId == null ? FAKE_SESSION_ID : sessionId);
    this.checkIds = checkIds;
  }

  /** Timings of a handshake, in nanoseconds from before the initialize POST. */
  record Handshake(String sessionId, long initializedNanos) {}

  /** Opens a real session on the gateway at {@code path} ({@code /mcp/fixture}). */
  static HttpEchoSession open(int port, String path, Duration timeout) throws IOException {
    RawHttpConnection c = new RawHttpConnection(port, timeout);
    try {
      Handshake h = handshake(c, path);
      return new HttpEchoSession(c, path, h.sessionId(), true);
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** A floor "session": a connection that posts the same bytes. */
  static HttpEchoSession floor(int port, String path, Duration timeout) throws IOException {
    return new HttpEchoSession(new RawHttpConnection(port, timeout), path, null, false);
  }

  /** initialize (answered with the session id header) and notifications/initialized (202). */
  static Handshake handshake(RawHttpConnection c, String path) throws IOException {
    long t0 = System.nanoTime();
    RawHttpConnection.Reply init = c.post(c.preparePost(path, null), Wire.initialize(0));
    if (init.status() != 200 || init.sessionId() == null) {
      throw new IOException("initialize on " + path + " answered HTTP " + init.status() + ": " + init.text());
    }
    Wire.expectResult(init.body(), init.body().length, 0, "initialize");
    long initialized = System.nanoTime() - t0;
    RawHttpConnection.Reply ack = c.post(c.preparePost(path, init.sessionId()), Wire.INITIALIZED);
    if (ack.status() != 202) {
      throw new IOException("notifications/initialized answered HTTP " + ack.status() + ": " + ack.text());
    }
    return new Handshake(init.sessionId(), initialized);
  }

  /** One echo call on an existing connection and session (the cold-start phase uses it directly). */
  static void echo(RawHttpConnection c, byte[] prepared, long id, boolean checkId) throws IOException {
    RawHttpConnection.Reply r = c.post(prepared, Wire.echoCall(id));
    if (r.status() != 200) {
      throw new IOException("tools/call answered HTTP " + r.status() + ": " + r.text());
    }
    Wire.expectResult(r.body(), r.body().length, checkId ? id : -1, "tools/call");
  }

  @Override
  public void echo(long id) throws IOException {
    echo(connection, prepared, id, checkIds);
  }

  @Override
  public void close() {
    try {
      if (sessionId != null) {
        connection.delete(path, sessionId);
      }
    } catch (IOException | RuntimeException e) {
      // the session ends with the gateway anyway
    } finally {
      connection.close();
    }
  }
}
