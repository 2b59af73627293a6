package dev.switchboard.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A session on a server or group endpoint that calls {@code echo} under the names the endpoint lists: {@code echo}
 * on a server, {@code MEMBER__echo} on a group, taking the members in turn. Not thread safe (one load thread).
 */
final class GroupCallSession implements EchoSession {
  private final RawHttpConnection connection;
  private final String path;
  private final String sessionId;
  private final byte[] prepared;
  private final List<String> tools;

  private GroupCallSession(RawHttpConnection connection, String path, String sessionId, List<String> tools) {
    this.connection = connection;
    this.path = path;
    this.sessionId = sessionId;
    this.prepared = connection.preparePost(path, sessionId);
    this.tools = List.copyOf(tools);
  }

  /** Opens a session on {@code path} that calls {@code tools} in turn. */
  static GroupCallSession open(int port, String path, List<String> tools, Duration timeout) throws IOException {
    RawHttpConnection c = new RawHttpConnection(port, timeout);
    try {
      return new GroupCallSession(c, path, HttpEchoSession.handshake(c, path).sessionId(), tools);
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public void echo(long id) throws IOException {
    RawHttpConnection.Reply r = connection.post(prepared, Wire.toolCall(id, tools.get((int) (id % tools.size()))));
    if (r.status() != 200) {
      throw new IOException("tools/call answered HTTP " + r.status() + ": " + r.text());
    }
    Wire.expectResult(r.body(), r.body().length, id, "tools/call");
  }

  /** The endpoint's whole {@code tools/list}, following {@code nextCursor}: how many tools it lists. */
  int listAll(long id) throws IOException {
    int tools = 0;
    String cursor = null;
    do {
      RawHttpConnection.Reply r = connection.post(prepared, Wire.toolsList(id, cursor));
      Wire.expectResult(r.body(), r.body().length, id, "tools/list");
      var result = dev.switchboard.protocol.Json.parse(r.body()).path("result");
      tools += result.path("tools").size();
      cursor = result.path("nextCursor").asString(null);
    } while (cursor != null);
    return tools;
  }

  @Override
  public void close() {
    try {
      connection.delete(path, sessionId);
    } catch (IOException | RuntimeException e) {
      // the session ends with the gateway anyway
    } finally {
      connection.close();
    }
  }
}
