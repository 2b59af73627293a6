package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import org.junit.jupiter.api.Test;

class StdinLedgerTest {
  private final StdinLedger ledger = new StdinLedger();

  private static Message request(long id) {
    return Message.request(RequestId.of(id), "tools/call", null);
  }

  @Test
  void aPipeIsEmptyOnlyOnceTheChildAnsweredTheLastRequestWritten() {
    assertThat(ledger.drained()).isTrue();
    ledger.writing(request(1), 40);
    assertThat(ledger.drained()).isFalse();
    ledger.writing(request(2), 40);
    ledger.answered(RequestId.of(1));
    assertThat(ledger.drained()).as("request 2 may still be in the pipe").isFalse();
    ledger.answered(RequestId.of(2));
    assertThat(ledger.drained()).isTrue();
  }

  @Test
  void aNotificationIsKnownReadOnlyWhenARequestAfterItIsAnswered() {
    ledger.writing(request(1), 40);
    ledger.answered(RequestId.of(1));
    ledger.writing(Message.notification("notifications/cancelled", null), 30);
    assertThat(ledger.drained()).isFalse();
    ledger.writing(request(2), 40);
    ledger.answered(RequestId.of(2));
    assertThat(ledger.drained()).isTrue();
  }

  @Test
  void anAnswerOutOfOrderCoversTheRequestsWrittenBeforeItsOwn() {
    ledger.writing(request(1), 40);
    ledger.writing(request(2), 40);
    ledger.writing(request(3), 40);
    ledger.answered(RequestId.of(2));
    assertThat(ledger.drained()).isFalse();
    ledger.answered(RequestId.of(1)); // read long ago: changes nothing
    assertThat(ledger.drained()).isFalse();
    ledger.answered(RequestId.of(3));
    assertThat(ledger.drained()).isTrue();
  }

  @Test
  void anAnswerToARequestNeverWrittenOrAnsweredTwiceProvesNothing() {
    ledger.writing(request(1), 40);
    ledger.answered(RequestId.of(7));
    ledger.answered(RequestId.of("1"));
    assertThat(ledger.drained()).isFalse();
    ledger.answered(RequestId.of(1));
    ledger.writing(request(2), 40);
    ledger.answered(RequestId.of(1));
    assertThat(ledger.drained()).isFalse();
  }
}
