package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A consumer that stops reading (its writer stuck in a socket write to a client that reads nothing) must not let a
 * stream grow: at {@code capacity} unread events the stream is cut — what it held is dropped, further offers are
 * refused, the writer sees the cut on its next look, and a resume from before the cut is known to be impossible.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventStreamCutOffTest {
  private static final int CAPACITY = 16;

  private static Message note(int i) {
    return Message.notification("notifications/message", Json.object().put("data", "event " + i));
  }

  @Test
  void anAttachedConsumerThatNeverReadsIsCutAtCapacityAndTheEventsAreFreed() throws Exception {
    EventStream stream = new EventStream(3, CAPACITY, 1);
    int token = stream.attach(); // the writer: attached, but it never awaits (blocked in a write)
    int accepted = 0;
    for (int i = 0; i < 10 * CAPACITY; i++) {
      if (stream.offer(note(i))) {
        accepted++;
      }
      assertThat(stream.retained()).as("after offer %d", i).isLessThanOrEqualTo(CAPACITY);
    }
    assertThat(accepted).as("offers taken before the cut").isEqualTo(CAPACITY);
    assertThat(stream.retained()).as("the cut drops what the stream held").isZero();
    assertThat(stream.isCutOff()).isTrue();
    assertThat(stream.offer(Message.response(dev.switchboard.protocol.RequestId.of(1), Json.object())))
        .as("even the awaited response is refused: it is not on the stream").isFalse();
    assertThat(stream.isFinished()).as("a cut request stream is over (the session may forget it)").isTrue();

    // the writer, once its write returns, sees the cut at once (no waiting for a heartbeat) and ends the response
    long started = System.nanoTime();
    EventStream.Batch batch = stream.await(0, Duration.ofSeconds(10), token);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(batch.cutOff()).isTrue();
    assertThat(batch.events()).isEmpty();

    // a client resuming from before the cut is told; one past everything dropped would not be
    assertThat(stream.lostAfter(0)).isTrue();
    assertThat(stream.lostAfter(CAPACITY - 1)).isTrue();
    assertThat(stream.lostAfter(CAPACITY)).isFalse();
    stream.detach(token);
    int resumed = stream.takeOver();
    assertThat(stream.await(0, Duration.ofMillis(100), resumed).cutOff()).isTrue();
  }

  @Test
  void aConsumerThatKeepsUpIsNeverCut() throws Exception {
    EventStream stream = new EventStream(4, CAPACITY, 0);
    int token = stream.attach();
    long cursor = 0;
    for (int i = 0; i < 10 * CAPACITY; i++) {
      assertThat(stream.offer(note(i))).isTrue();
      EventStream.Batch batch = stream.await(cursor, Duration.ofSeconds(1), token);
      for (EventStream.Event e : batch.events()) {
        cursor = e.seq();
      }
      stream.delivered(cursor);
      assertThat(batch.cutOff()).isFalse();
    }
    assertThat(stream.isCutOff()).isFalse();
    assertThat(stream.lostAfter(0)).isFalse();
  }

  @Test
  void aCutStandaloneStreamServesTheNextFreshConsumer() throws Exception {
    EventStream standalone = new EventStream(0, CAPACITY, 0);
    int stuck = standalone.attach();
    for (int i = 0; i <= CAPACITY; i++) {
      standalone.offer(note(i));
    }
    assertThat(standalone.isCutOff()).isTrue();
    assertThat(standalone.offer(note(-1))).as("refused while the stuck writer still holds it").isFalse();
    assertThat(standalone.retained()).isZero();
    assertThat(standalone.isFinished()).as("the session's standalone stream is not over").isFalse();
    standalone.detach(stuck); // its write timed out

    int fresh = standalone.attach(); // a GET without Last-Event-ID
    assertThat(fresh).isPositive();
    assertThat(standalone.isCutOff()).isFalse();
    assertThat(standalone.offer(note(100))).isTrue();
    EventStream.Batch batch = standalone.await(standalone.deliveredSeq(), Duration.ofSeconds(1), fresh);
    assertThat(batch.events()).hasSize(1);
    assertThat(batch.cutOff()).isFalse();
    assertThat(standalone.lostAfter(0)).as("resuming from before the cut is still refused").isTrue();
  }

  @Test
  void withNoConsumerTheOldestEventsAreDroppedAndOffersStillSucceed() {
    EventStream stream = new EventStream(5, CAPACITY, 0);
    for (int i = 0; i < 10 * CAPACITY; i++) {
      assertThat(stream.offer(note(i))).isTrue();
    }
    assertThat(stream.retained()).isEqualTo(CAPACITY);
    assertThat(stream.isCutOff()).isFalse();
  }
}
