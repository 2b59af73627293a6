package dev.switchboard.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real servers: one that answers in order, one that never reads its input (sending to it must refuse, not hang). */
@Timeout(60)
class StdioTransportTest {
  /** Answers every request with an empty result, line by line. */
  private static final List<String> ANSWERING = List.of("sed", "-un",
      "s/^.*\"id\":\\([0-9][0-9]*\\).*$/{\"jsonrpc\":\"2.0\",\"id\":\\1,\"result\":{}}/p");

  @Test
  void everyMessageReachesTheServerInTheOrderSent() throws Exception {
    BlockingQueue<Message> answers = new LinkedBlockingQueue<>();
    StdioTransport transport = new StdioTransport(ANSWERING);
    transport.start(receiver(answers));
    List<Long> received = new ArrayList<>();
    try {
      for (long id = 1; id <= 500; id++) {
        transport.send(Message.request(RequestId.of(id), "tools/call", null));
      }
      for (int i = 0; i < 500; i++) {
        Message answer = answers.poll(10, TimeUnit.SECONDS);
        assertThat(answer).as("answer %d", i).isNotNull();
        received.add(((Message.Response) answer).id().value().asLong());
      }
    } finally {
      transport.close();
    }
    assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
  }

  @Test
  void aServerThatStopsReadingIsRefusedAtOnceAndNeverHoldsTheSender() throws Exception {
    StdioTransport transport = new StdioTransport(List.of("sleep", "60"));
    transport.start(receiver(new LinkedBlockingQueue<>()));
    try {
      Message big = Message.request(RequestId.of(1), "tools/call", Json.object().put("pad", "x".repeat(1024)));
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> {
        for (int i = 0; i < 100_000; i++) {
          transport.send(big); // the pipe holds ~64 KB, the queue 1,024 messages; then send must refuse
        }
      }).isInstanceOf(IOException.class).hasMessageContaining("not reading its input"));
    } finally {
      assertTimeoutPreemptively(Duration.ofSeconds(15), transport::close);
    }
  }

  private static Transport.Receiver receiver(BlockingQueue<Message> messages) {
    return new Transport.Receiver() {
      @Override
      public void onMessage(Message message) {
        messages.add(message);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {}
    };
  }
}
