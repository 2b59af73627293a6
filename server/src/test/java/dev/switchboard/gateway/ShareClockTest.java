package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The gateway's share, timed by the wire: both ends must be known, each exchange is reported once. */
class ShareClockTest {
  private final ShareClock clock = new ShareClock(new ReentrantLock());
  private final List<Long> shares = new ArrayList<>();
  private final RequestEvents events = new RequestEvents() {
    @Override
    public void ended(String server, String method, @Nullable String tool, Ending outcome, long nanos) {}

    @Override
    public void gatewayShare(Exchange exchange, long nanos) {
      shares.add(nanos);
    }
  };

  /** An exchange the link measured as {@code nanos}, {@code upstream} of them in the server. */
  private static RequestEvents.Exchange exchange(long id, long nanos, long upstream) {
    Message.Request request = Wire.request("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}");
    return new RequestEvents.Exchange("s", Wire.session("a"), request, null, "", Message.response(request.id(),
        Json.object()), RequestEvents.Ending.OK, nanos, upstream);
  }

  private static RequestId id(long n) {
    return RequestId.of(n);
  }

  @Test
  void aRequestTimedByIdReportsFromItsFirstByteToItsAnswerWrittenLessTheServersTime() {
    clock.begin(id(1), 1_000);
    ShareClock.Claim claim = clock.claim(id(1));
    assertThat(claim).isNotNull();
    clock.written(id(1), 9_000); // the writer can be first: the answer is on the stream before the link reports
    assertThat(shares).isEmpty();
    clock.share(claim, events, exchange(1, 5_000, 3_000));
    assertThat(shares).containsExactly(5_000L); // 8,000 on the wire less 3,000 in the server
    assertThat(clock.timed()).isZero();
  }

  @Test
  void theLinkCanBeFirstToo() {
    clock.begin(id(1), 1_000);
    ShareClock.Claim claim = clock.claim(id(1));
    clock.share(java.util.Objects.requireNonNull(claim), events, exchange(1, 5_000, 3_000));
    assertThat(shares).isEmpty();
    clock.written(id(1), 2_000);
    clock.written(id(1), 50_000); // a second write of the same id reports nothing more
    assertThat(shares).containsExactly(0L); // never negative
    assertThat(clock.timed()).isZero();
  }

  @Test
  void anAnswerTheGatewayMadeItselfEndsTheTimingAndLeavesNothingToClaim() {
    clock.begin(id(1), 1_000);
    clock.written(id(1), 2_000);
    assertThat(clock.timed()).isZero();
    assertThat(clock.claim(id(1))).isNull();
    assertThat(shares).isEmpty();
  }

  @Test
  void aRequestNobodyTimesIsLeftToTheLink() {
    assertThat(clock.claim(id(1))).isNull();
  }

  @Test
  void pastTheBoundTheOldestRequestIsGivenUpAndReportsTheLinksMeasure() {
    for (long n = 1; n <= ShareClock.MAX_TIMED; n++) {
      clock.begin(id(n), n);
    }
    ShareClock.Claim oldest = java.util.Objects.requireNonNull(clock.claim(id(1)));
    clock.begin(id(ShareClock.MAX_TIMED + 1), 0);
    assertThat(clock.timed()).isEqualTo(ShareClock.MAX_TIMED);
    clock.share(oldest, events, exchange(1, 7_000, 3_000));
    assertThat(shares).containsExactly(4_000L); // the link's own measure: 7,000 less 3,000
    clock.written(id(1), 1_000_000);
    assertThat(shares).hasSize(1);
  }

  @Test
  void anIdUsedAgainGivesUpTheEarlierRequestOnce() {
    clock.begin(id(1), 1_000);
    ShareClock.Claim first = java.util.Objects.requireNonNull(clock.claim(id(1)));
    clock.share(first, events, exchange(1, 6_000, 1_000));
    clock.begin(id(1), 2_000);
    assertThat(shares).containsExactly(5_000L);
    ShareClock.Claim second = java.util.Objects.requireNonNull(clock.claim(id(1)));
    clock.written(id(1), 4_000);
    clock.share(second, events, exchange(1, 1_000, 500));
    assertThat(shares).containsExactly(5_000L, 1_500L);
  }

  @Test
  void aCancelledRequestIsForgotten() {
    clock.begin(id(1), 1_000);
    clock.forget(id(1));
    assertThat(clock.timed()).isZero();
    assertThat(clock.claim(id(1))).isNull();
  }

  @Test
  void aWholeStreamIsTimedForItsFirstAnsweredRequestOnly() {
    clock.timeFrom(1_000);
    ShareClock.Claim claim = java.util.Objects.requireNonNull(clock.claim(id(1)));
    assertThat(clock.claim(id(2))).isNull();
    clock.share(claim, events, exchange(1, 5_000, 2_000));
    clock.written(11_000);
    clock.written(12_000);
    assertThat(shares).containsExactly(8_000L);
  }

  @Test
  void aWholeStreamWrittenBeforeItsAnswerIsLeftToTheLink() {
    clock.timeFrom(1_000);
    clock.written(2_000); // e.g. an input-required result ended the HTTP exchange; the call goes on
    assertThat(clock.claim(id(1))).isNull();
  }
}
