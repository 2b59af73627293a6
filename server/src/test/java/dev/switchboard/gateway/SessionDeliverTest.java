package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.await;
import static dev.switchboard.gateway.Wire.parse;
import static dev.switchboard.gateway.Wire.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where a server's message to a client lands ({@link Session#deliver}): on the newest request stream that takes it,
 * else on the standalone stream — never dropped because a request stream ended or was cut on the way.
 */
@Timeout(10)
class SessionDeliverTest {
  private static final Message ASK = parse("{\"jsonrpc\":\"2.0\",\"id\":\"sb-1\",\"method\":\"roots/list\"}");

  @Test
  void aRequestStreamStillOpenTakesTheMessage() throws Exception {
    Session session = session("a");
    EventStream request = session.openRequestStream(1);
    assertThat(session.deliver(ASK)).isTrue();
    assertThat(await(request, 1)).containsExactly(ASK);
    assertThat(session.standalone().retained()).isZero();
  }

  @Test
  void aRequestStreamThatEndedBeforeTheSessionHeardFallsBackToTheStandaloneStream() throws Exception {
    Session session = session("a");
    EventStream request = session.openRequestStream(1);
    request.offer(Message.response(RequestId.of(1), Json.object())); // its answer ended it; requestEnded not yet run
    assertThat(request.isFinished()).isTrue();
    assertThat(session.deliver(ASK)).isTrue();
    assertThat(await(session.standalone(), 1)).containsExactly(ASK);
  }

  @Test
  void aRequestStreamCutForAReaderThatNeverReadFallsBackToTheStandaloneStream() throws Exception {
    Session session = session("a");
    EventStream request = session.openRequestStream(1);
    request.attach(); // a writer stuck in a write: the stream fills and is cut
    Message progress = parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}");
    while (request.offer(progress)) {
      // until the cut
    }
    assertThat(request.isCutOff()).isTrue();
    assertThat(session.deliver(ASK)).isTrue();
    assertThat(await(session.standalone(), 1)).containsExactly(ASK);
  }

  @Test
  void aClosedSessionTakesNothingSoTheCallerCanAnswerTheServer() {
    Session session = session("a");
    session.openRequestStream(1);
    session.close("test");
    assertThat(session.deliver(ASK)).as("false: the link answers the child's request with an error").isFalse();
  }
}
