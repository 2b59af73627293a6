package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streams nobody reads keep their events for a resume, each under its own bound; the gateway-wide bound keeps the
 * total from growing with the number of clients that left (the chaos run's finding: 6 abandoned sessions held 63,417
 * events, 20 held 133,914, until their sessions ended).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetainedEventsTest {
  private static final int PER_STREAM = 1_000;
  private static final int BOUND = 2_000;

  private final RetainedEvents retained = new RetainedEvents(BOUND);

  private static Message note(int i) {
    return Message.notification("notifications/progress", Json.object().put("progress", i));
  }

  private EventStream abandoned(int id, int events) {
    EventStream s = new EventStream(id, PER_STREAM, 0, null, retained);
    s.detach(s.attach()); // a client came and left
    for (int i = 0; i < events; i++) {
      assertThat(s.offer(note(i))).isTrue();
    }
    return s;
  }

  @Test
  void abandonedStreamsNeverHoldMoreThanTheBoundInAllAndTheOldestLoseTheirsFirst() {
    List<EventStream> streams = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      streams.add(abandoned(i, 500)); // 5,000 offered in all, each stream under its own bound
      assertThat(retained.held()).as("after stream %d", i).isLessThanOrEqualTo(BOUND);
    }
    int total = streams.stream().mapToInt(EventStream::retained).sum();
    assertThat(total).isEqualTo(retained.held()).isLessThanOrEqualTo(BOUND);
    assertThat(streams.get(9).retained()).as("the newest keeps its events").isEqualTo(500);
    assertThat(streams.get(0).retained()).as("the oldest lost its events").isZero();
    assertThat(streams.get(0).lostAfter(0)).as("a resume from before the eviction is refused").isTrue();
    assertThat(streams.get(0).lostAfter(500)).as("a resume past everything dropped is fine").isFalse();
    assertThat(retained.dropped()).isEqualTo(5_000 - total);
  }

  @Test
  void aStreamBeingReadDoesNotCountAndIsNeverEmptiedByTheBound() throws Exception {
    EventStream read = new EventStream(1, PER_STREAM, 0, null, retained);
    int token = read.attach();
    for (int i = 0; i < 900; i++) {
      read.offer(note(i));
    }
    assertThat(retained.held()).isZero();
    for (int i = 2; i <= 6; i++) {
      abandoned(i, 500);
    }
    assertThat(read.await(0, Duration.ofSeconds(1), token).events()).hasSize(900);
    read.detach(token);
    assertThat(retained.held()).as("what it holds counts once nobody reads it").isGreaterThanOrEqualTo(900);
  }

  @Test
  void aResumingClientTakesItsEventsOutOfTheCountAndAnEndedSessionFreesThem() throws Exception {
    EventStream s = abandoned(1, 300);
    assertThat(retained.held()).isEqualTo(300);
    int token = s.takeOver();
    assertThat(retained.held()).isZero();
    assertThat(s.await(0, Duration.ofSeconds(1), token).events()).hasSize(300);
    s.detach(token);
    assertThat(retained.held()).as("unacknowledged again").isEqualTo(300);
    s.discard();
    assertThat(retained.held()).isZero();
    assertThat(s.retained()).isZero();
  }

  @Test
  void anEvictedRequestStreamIsOverAndRefusesTheLateResponse() {
    EventStream request = new EventStream(1, PER_STREAM, 1, null, retained);
    request.detach(request.attach());
    for (int i = 0; i < 900; i++) {
      request.offer(note(i));
    }
    abandoned(2, 700);
    abandoned(3, 700); // over the bound: the oldest, the request stream, is emptied
    assertThat(request.retained()).isZero();
    assertThat(request.isFinished()).isTrue();
    assertThat(request.isCutOff()).isTrue();
    assertThat(request.offer(Message.response(dev.switchboard.protocol.RequestId.of(1), Json.object()))).isFalse();
  }
}
