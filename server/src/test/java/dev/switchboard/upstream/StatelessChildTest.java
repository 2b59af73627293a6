package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28-only child's change notifications, in memory: the listen the adapter keeps open on it, re-opened as
 * the session subscribes, and what reaches the gateway (the legacy notifications, untagged; nothing of a stale listen).
 */
class StatelessChildTest {
  private final RecordingChild fake = new RecordingChild();
  private final List<Message> toChild = fake.sent;
  private final List<Message> toGateway = new CopyOnWriteArrayList<>();
  private final StatelessChild adapter = new StatelessChild(new Upstream.Listener() {
    @Override
    public void onMessage(Message message) {
      toGateway.add(message);
    }

    @Override
    public void onClosed(UpstreamExit exit) {}
  }).bind(fake);
  private final Upstream.Listener child = adapter.childSide();

  @Test
  void theListenFollowsTheSubscriptionsAndOnlyTheOpenOnesNotificationsPassUntagged() {
    handshake();
    Message first = toChild.get(toChild.size() - 1);
    assertThat(first.node().path("method").asString()).isEqualTo("subscriptions/listen");
    assertThat(first.node().path("params").path("notifications").toString()).isEqualTo("{\"toolsListChanged\":true}");

    adapter.send(Message.request(RequestId.of(2), "resources/subscribe", Json.object().put("uri", "test://w")));

    assertThat(toGateway.get(toGateway.size() - 1).node().path("id").asInt()).isEqualTo(2);
    List<Message> sent = toChild.subList(toChild.size() - 2, toChild.size());
    assertThat(sent.get(0).node().path("method").asString()).isEqualTo("notifications/cancelled");
    assertThat(sent.get(0).node().path("params").path("requestId")).isEqualTo(first.node().path("id"));
    Message second = sent.get(1);
    assertThat(second.node().path("params").path("notifications").path("resourceSubscriptions").toString())
        .isEqualTo("[\"test://w\"]");

    toGateway.clear();
    child.onMessage(tagged("notifications/resources/updated", first, "test://w"));
    child.onMessage(tagged("notifications/subscriptions/acknowledged", second, null));
    child.onMessage(tagged("notifications/resources/updated", second, "test://w"));

    assertThat(toGateway).singleElement().satisfies(m -> assertThat(m.node().toString()).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"test://w\"}}"));
  }

  private void handshake() {
    adapter.send(Message.request(RequestId.of(1), "initialize", Json.object().put("protocolVersion", "2025-11-25")));
    ObjectNode discover = Json.object();
    ObjectNode caps = discover.putObject("capabilities");
    caps.putObject("tools").put("listChanged", true);
    caps.putObject("resources").put("subscribe", true);
    child.onMessage(Message.response(RequestId.of(1), discover));
  }

  private static Message tagged(String method, Message listen, String uri) {
    ObjectNode params = Json.object();
    if (uri != null) {
      params.put("uri", uri);
    }
    params.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", listen.node().path("id"));
    return Message.notification(method, params);
  }
}
