package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** In memory: which messages a sender writes itself, and that nothing overtakes a message still queued. */
@Timeout(30)
class StdinWriterTest {
  private final ByteArrayOutputStream pipe = new ByteArrayOutputStream();
  private final StdinWriter writer = new StdinWriter("test child", pipe, true);

  private static Message request(long id, int padding) {
    return Message.request(RequestId.of(id), "tools/call", Json.object().put("pad", "x".repeat(padding)));
  }

  private List<Long> idsWritten() {
    String written = pipe.toString(StandardCharsets.UTF_8);
    return written.isEmpty() ? List.of() : Arrays.stream(written.split("\n"))
        .map(line -> Json.parse(line).get("id").asLong()).toList();
  }

  @Test
  void aShortMessageIntoAPipeTheChildHasReadIsWrittenByTheSender() {
    assertThat(writer.send(request(1, 10))).isTrue();
    writer.answered(RequestId.of(1));
    assertThat(writer.send(request(2, 10))).isTrue();
    assertThat(writer.directWrites()).isEqualTo(2);
    assertThat(idsWritten()).containsExactly(1L, 2L);
  }

  @Test
  void whileTheChildMayNotHaveReadEverythingMessagesWaitForTheWriterThread() {
    writer.send(request(1, 10));
    assertThat(writer.send(request(2, 10))).as("queued: request 1 is unanswered").isTrue();
    assertThat(writer.directWrites()).isEqualTo(1);
    assertThat(idsWritten()).containsExactly(1L);
  }

  @Test
  void nothingOvertakesAMessageStillQueued() throws Exception {
    writer.send(request(1, 10));
    writer.answered(RequestId.of(1));
    writer.send(request(2, StdinLedger.DIRECT_MAX)); // too long to write directly: queued, not yet written
    writer.send(request(3, 10)); // the pipe is still empty, but request 2 is ahead of it
    assertThat(idsWritten()).containsExactly(1L);
    Thread thread = Thread.ofPlatform().start(writer::run);
    await().atMost(Duration.ofSeconds(10)).until(() -> idsWritten().size() == 3);
    assertThat(idsWritten()).containsExactly(1L, 2L, 3L);
    writer.close();
    thread.join();
    assertThat(writer.directWrites()).isEqualTo(1);
  }

  @Test
  void aSharedChildsMessagesAllGoThroughTheWriterThread() throws Exception {
    StdinWriter shared = new StdinWriter("shared child", pipe, false);
    shared.send(request(1, 10));
    assertThat(shared.directWrites()).isZero();
    assertThat(pipe.size()).isZero();
    Thread thread = Thread.ofPlatform().start(shared::run);
    await().atMost(Duration.ofSeconds(10)).until(() -> idsWritten().size() == 1);
    shared.close();
    thread.join();
    assertThat(idsWritten()).containsExactly(1L);
  }
}
