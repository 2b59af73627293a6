package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A child of an entry without {@code protocol}: which refusals of initialize start the probe, and what follows. */
class ProbingChildTest {
  private final RecordingChild fake = new RecordingChild();
  private final List<Message> toChild = fake.sent;
  private final List<Message> toGateway = new CopyOnWriteArrayList<>();
  private final AtomicInteger detections = new AtomicInteger();
  private final ProbingChild probing = new ProbingChild(new Recording(), detections::incrementAndGet)
      .bind(fake);
  private final Upstream.Listener child = probing.childSide();
  private final RequestId init = RequestId.of(1);

  @Test
  void refusalsOfAModernOnlyServerStartTheProbeAndOthersDoNot() {
    assertThat(ProbingChild.refusedAsModern(error(JsonRpcError.METHOD_NOT_FOUND, null))).isTrue();
    assertThat(ProbingChild.refusedAsModern(error(JsonRpcError.INVALID_PARAMS, null))).isTrue();
    ObjectNode modern = Json.object().put("requested", "2025-11-25");
    modern.putArray("supported").add("2026-07-28");
    assertThat(ProbingChild.refusedAsModern(error(JsonRpcError.UNSUPPORTED_PROTOCOL_VERSION, modern))).isTrue();
    ObjectNode legacy = Json.object().put("requested", "2025-11-25");
    legacy.putArray("supported").add("2024-11-05");
    assertThat(ProbingChild.refusedAsModern(error(JsonRpcError.UNSUPPORTED_PROTOCOL_VERSION, legacy))).isFalse();
    assertThat(ProbingChild.refusedAsModern(error(JsonRpcError.UNSUPPORTED_PROTOCOL_VERSION, null))).isFalse();
    assertThat(ProbingChild.refusedAsModern(error(JsonRpcError.INTERNAL_ERROR, null))).isFalse();
    assertThat(ProbingChild.refusedAsModern(error(JsonRpcError.SERVER_ERROR, null))).isFalse();
  }

  @Test
  void aLegacyChildPassesThroughUntouched() {
    probing.send(initialize());
    child.onMessage(Message.response(init, Json.object().put("protocolVersion", "2025-11-25")));
    probing.send(Message.request(RequestId.of(2), "tools/list", Json.object()));

    assertThat(toChild).extracting(ProbingChildTest::method).containsExactly("initialize", "tools/list");
    assertThat(toChild.get(1).node().path("params").has("_meta")).isFalse();
    assertThat(toGateway).hasSize(1).first().isInstanceOf(Message.Response.class);
    assertThat(detections).hasValue(0);
  }

  @Test
  void aChildRefusingInitializeButAnsweringDiscoverIsServedAsStateless() {
    probing.send(initialize());
    child.onMessage(Message.error(init, error(JsonRpcError.INVALID_PARAMS, null)));
    assertThat(toChild).extracting(ProbingChildTest::method).containsExactly("initialize", "server/discover");
    assertThat(toGateway).isEmpty();

    child.onMessage(Message.response(init, discover()));
    assertThat(detections).hasValue(1);
    assertThat(toGateway).hasSize(1);
    Message.Response handshake = (Message.Response) toGateway.get(0);
    assertThat(handshake.result().path("serverInfo").path("name").asString()).isEqualTo("modern");

    probing.send(Message.request(RequestId.of(2), "tools/list", Json.object()));
    assertThat(toChild.get(2).node().path("params").path("_meta")
        .path("io.modelcontextprotocol/protocolVersion").asString()).isEqualTo("2026-07-28");
  }

  @Test
  void aChildRefusingBothFailsWithBothReasons() {
    probing.send(initialize());
    child.onMessage(Message.error(init, error(JsonRpcError.METHOD_NOT_FOUND, null)));
    child.onMessage(Message.error(init, new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "no discover", null)));

    assertThat(detections).hasValue(0);
    assertThat(toGateway).hasSize(1);
    Message.ErrorResponse failed = (Message.ErrorResponse) toGateway.get(0);
    assertThat(failed.id()).isEqualTo(init);
    assertThat(failed.error().message()).contains("initialize failed (refused)").contains("no discover");
  }

  @Test
  void anotherRefusalOfInitializeReachesTheGatewayAsIs() {
    probing.send(initialize());
    child.onMessage(Message.error(init, error(JsonRpcError.INTERNAL_ERROR, null)));

    assertThat(toChild).extracting(ProbingChildTest::method).containsExactly("initialize");
    assertThat(((Message.ErrorResponse) toGateway.get(0)).error().message()).isEqualTo("refused");
  }

  private Message.Request initialize() {
    ObjectNode params = Json.object().put("protocolVersion", "2025-11-25");
    params.putObject("capabilities").putObject("sampling");
    params.putObject("clientInfo").put("name", "test").put("version", "1");
    return Message.request(init, "initialize", params);
  }

  private static ObjectNode discover() {
    ObjectNode result = Json.object();
    result.putObject("capabilities").putObject("tools");
    result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "modern")
        .put("version", "1");
    return result;
  }

  private static JsonRpcError error(int code, tools.jackson.databind.@org.jspecify.annotations.Nullable JsonNode data) {
    return new JsonRpcError(code, "refused", data);
  }

  private static String method(Message m) {
    return ((Message.Request) m).method();
  }

  private final class Recording implements Upstream.Listener {
    @Override
    public void onMessage(Message message) {
      toGateway.add(message);
    }

    @Override
    public void onClosed(UpstreamExit exit) {}
  }
}
