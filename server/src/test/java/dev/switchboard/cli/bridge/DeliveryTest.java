package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.transport.AnswerLostException;
import dev.switchboard.client.transport.HttpStatusException;
import dev.switchboard.client.transport.SessionExpiredException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** Which failed sends the bridge may send again: only those the server provably never saw. */
class DeliveryTest {
  @Test
  void aForgottenSessionAnUnreadyDaemonAndARefusedConnectionNeverDelivered() {
    assertThat(Delivery.of(new SessionExpiredException("HTTP 404"))).isEqualTo(Delivery.NEVER);
    assertThat(Delivery.of(new HttpStatusException("POST /mcp/x", 503, ""))).isEqualTo(Delivery.NEVER);
    assertThat(Delivery.of(new IOException("POST", new ConnectException("Connection refused"))))
        .isEqualTo(Delivery.NEVER);
  }

  @Test
  void anotherHttpStatusIsARefusal() {
    assertThat(Delivery.of(new HttpStatusException("POST /mcp/x", 401, "no key"))).isEqualTo(Delivery.REFUSED);
    assertThat(Delivery.of(new HttpStatusException("POST /mcp/x", 500, ""))).isEqualTo(Delivery.REFUSED);
  }

  @Test
  void aBrokenOrTimedOutExchangeMayHaveRun() {
    assertThat(Delivery.of(new IOException("HTTP/1.1 header parser received no bytes"))).isEqualTo(Delivery.UNKNOWN);
    assertThat(Delivery.of(new HttpTimeoutException("request timed out"))).isEqualTo(Delivery.UNKNOWN);
    assertThat(Delivery.of(new IOException("the transport was closed during the exchange")))
        .isEqualTo(Delivery.UNKNOWN);
    assertThat(Delivery.of(new AnswerLostException("resuming failed", new IOException("GET", new ConnectException(
        "Connection refused"))))).as("a refused reconnect after the request was taken").isEqualTo(Delivery.UNKNOWN);
    assertThat(Delivery.of(new AnswerLostException("resuming failed", new SessionExpiredException("HTTP 404"))))
        .isEqualTo(Delivery.UNKNOWN);
  }
}
