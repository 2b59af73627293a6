package dev.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Message;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The messages in literal SSE wire text, as servers send it on POST and GET streams. */
class SseMessageReaderTest {
  private static SseMessageReader reader(String wire) {
    return new SseMessageReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void skipsThePrimingEventButKeepsItsIdAndRetry() throws IOException {
    SseMessageReader reader = reader("id: event-1\nretry: 500\ndata: \n\n"
        + "event: message\nid: event-2\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n");
    Message message = reader.next();
    assertThat(message).isInstanceOf(Message.Response.class);
    assertThat(((Message.Response) message).id().toString()).isEqualTo("7");
    assertThat(reader.lastEventId()).isEqualTo("event-2");
    assertThat(reader.retryMillis()).isEqualTo(500);
    assertThat(reader.next()).isNull();
  }

  @Test
  void joinsDataLinesAndAcceptsCrLfAndABom() throws IOException {
    SseMessageReader reader = reader(
        "\uFEFF: comment\r\ndata: {\"jsonrpc\":\"2.0\",\r\ndata: \"method\":\"x\"}\r\n\r\n");
    Message message = reader.next();
    assertThat(message).isInstanceOf(Message.Notification.class);
    assertThat(((Message.Notification) message).method()).isEqualTo("x");
  }

  @Test
  void skipsOtherEventTypesAndDataThatIsNotJsonRpc() throws IOException {
    SseMessageReader reader = reader("event: endpoint\ndata: /messages?s=1\n\n" + "data: not json\n\n"
        + "data: {\"a\":1}\n\n" + "data: {\"jsonrpc\":\"2.0\",\"method\":\"ok\"}\n\n");
    assertThat(((Message.Notification) reader.next()).method()).isEqualTo("ok");
    assertThat(reader.next()).isNull();
  }

  @Test
  void anUnterminatedLastEventIsNotDelivered() throws IOException {
    SseMessageReader reader = reader("id: 3\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"cut\"}\n");
    assertThat(reader.next()).isNull();
    assertThat(reader.lastEventId()).isEqualTo("3");
  }

  @Test
  void noIdMeansNothingToResumeFrom() throws IOException {
    SseMessageReader reader = reader("data: {\"jsonrpc\":\"2.0\",\"method\":\"x\"}\n\n");
    reader.next();
    assertThat(reader.lastEventId()).isNull();
    assertThat(reader.retryMillis()).isEqualTo(-1);
  }
}
