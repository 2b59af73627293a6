package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.request;
import static dev.switchboard.gateway.Wire.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Sharing;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** W3C trace context on literal messages: what is valid, what the HTTP header adds, what a child is sent. */
@Timeout(20)
class TraceContextTest {
  private static final String SPEC_EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}";
  private Link link;

  @AfterEach
  void close() {
    if (link != null) {
      link.close();
    }
  }

  @Test
  void onlyVersionZeroLowerHexWithNonZeroIdsIsValid() {
    assertThat(TraceContext.isValid(SPEC_EXAMPLE)).isTrue();
    assertThat(TraceContext.isValid(SPEC_EXAMPLE.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(TraceContext.isValid("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isFalse();
    assertThat(TraceContext.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isFalse();
    assertThat(TraceContext.isValid("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isFalse();
    assertThat(TraceContext.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")).isFalse();
    assertThat(TraceContext.isValid(null)).isFalse();
  }

  @Test
  void freshOnesAreValidAndDistinct() {
    String a = TraceContext.fresh();
    assertThat(TraceContext.isValid(a)).as(a).isTrue();
    assertThat(TraceContext.fresh()).isNotEqualTo(a);
  }

  @Test
  void theHeaderIsAdoptedIntoMetaWithoutTouchingTheClientsMessage() {
    Message.Request original = request(CALL);
    Message.Request adopted = TraceContext.adopt(original, " " + SPEC_EXAMPLE + " ");
    assertThat(adopted.node().path("params").toString())
        .isEqualTo("{\"name\":\"t\",\"_meta\":{\"traceparent\":\"" + SPEC_EXAMPLE + "\"}}");
    assertThat(original.node().toString()).isEqualTo(CALL);
    assertThat(TraceContext.of(adopted)).isEqualTo(SPEC_EXAMPLE);
  }

  @Test
  void theRequestsOwnTraceparentWinsAndABadHeaderIsIgnored() {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Message.Request withMeta = request(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\","
            + "\"_meta\":{\"traceparent\":\"" + own + "\"}}}");
    assertThat(TraceContext.adopt(withMeta, SPEC_EXAMPLE)).isSameAs(withMeta);
    Message.Request plain = request(CALL);
    assertThat(TraceContext.adopt(plain, "not-a-traceparent")).isSameAs(plain);
    assertThat(TraceContext.adopt(plain, null)).isSameAs(plain);
  }

  @Test
  void theChildIsSentTheRequestsTraceparent() throws Exception {
    FakeUpstream child = connect();
    Message.Request adopted = TraceContext.adopt(request(CALL), SPEC_EXAMPLE);
    link.forward(session("a"), adopted, session("a").openRequestStream(1));
    assertThat(child.next().node().path("params").path("_meta").path("traceparent").asString())
        .isEqualTo(SPEC_EXAMPLE);
  }

  @Test
  void aChildIsSentAFreshTraceparentWhenTheRequestHasNoneOrABadOne() throws Exception {
    FakeUpstream child = connect();
    Message.Request plain = request(CALL);
    link.forward(session("a"), plain, session("a").openRequestStream(1));
    Message.Request bad = request("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\",\"params\":{\"_meta\":{"
        + "\"traceparent\":\"00-zz\",\"keep\":true}}}");
    link.forward(session("a"), bad, session("a").openRequestStream(1));

    String first = child.next().node().path("params").path("_meta").path("traceparent").asString();
    var second = child.next().node().path("params").path("_meta");
    assertThat(TraceContext.isValid(first)).as(first).isTrue();
    assertThat(TraceContext.isValid(second.path("traceparent").asString())).as(second.toString()).isTrue();
    assertThat(second.path("keep").asBoolean()).isTrue();
    assertThat(plain.node().toString()).as("the client's message is never changed").isEqualTo(CALL);
  }

  private FakeUpstream connect() {
    UpstreamPolicy policy = new UpstreamPolicy(Sharing.SHARED, 0, 4, false, Duration.ofSeconds(60), Map.of(),
        Duration.ofMinutes(30), Duration.ZERO, Duration.ofSeconds(1), 5, Duration.ofMinutes(1),
        Duration.ofMillis(250), Duration.ofSeconds(30));
    link = Link.open("fake", new RecordingOwner(), policy, Runnable::run);
    AtomicReference<FakeUpstream> fake = new AtomicReference<>();
    link.connect(() -> {
      fake.set(new FakeUpstream(link));
      return fake.get();
    });
    return fake.get();
  }
}
