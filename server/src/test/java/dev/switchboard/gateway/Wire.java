package dev.switchboard.gateway;

import dev.switchboard.config.Limits;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Literal wire text in, messages out, and the helpers routing tests share. */
final class Wire {
  private Wire() {}

  static Message parse(String json) {
    return MessageCodec.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static Message.Request request(String json) {
    return (Message.Request) parse(json);
  }

  static Message.Notification notification(String json) {
    return (Message.Notification) parse(json);
  }

  static Session session(String id) {
    return new Session(id, "fake", "anonymous", Limits.DEFAULTS, s -> {});
  }

  /** A session whose client declared {@code capabilities} (a JSON object) in its initialize. */
  static Session session(String id, String capabilities) {
    Session s = session(id);
    s.recordCapabilities(request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
        + "\"capabilities\":" + capabilities + "}}"));
    return s;
  }

  /** The first {@code count} messages on {@code stream}, waiting up to 5 s for them. */
  static List<Message> await(EventStream stream, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<Message> out = new ArrayList<>();
    long cursor = 0;
    while (out.size() < count && System.nanoTime() < deadline) {
      EventStream.Batch batch = stream.await(cursor, Duration.ofNanos(deadline - System.nanoTime()));
      for (EventStream.Event e : batch.events()) {
        out.add(e.message());
        cursor = e.seq();
      }
      if (batch.finished() && batch.events().isEmpty()) {
        break;
      }
    }
    if (out.size() < count) {
      throw new AssertionError("expected " + count + " messages on the stream, got " + out);
    }
    return out;
  }

  static JsonNode id(Message m) {
    return m.node().path("id");
  }
}
