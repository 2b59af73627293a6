package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.gateway.Refusal;
import dev.switchboard.protocol.JsonRpcError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal answers with an HTTP error status, and the ones clients rely on keep today's statuses. */
class HttpStatusesTest {
  @ParameterizedTest
  @EnumSource(Refusal.class)
  void everyRefusalHasAnErrorStatus(Refusal refusal) {
    assertThat(HttpStatuses.of(refusal)).isBetween(400, 599);
  }

  @Test
  void theStatusesClientsRelyOn() {
    assertThat(HttpStatuses.of(Refusal.SESSION_UNKNOWN)).isEqualTo(404);
    assertThat(HttpStatuses.of(Refusal.UNKNOWN_SERVER)).isEqualTo(404);
    assertThat(HttpStatuses.of(Refusal.CAPACITY)).isEqualTo(503);
    assertThat(HttpStatuses.of(Refusal.SHUTTING_DOWN)).isEqualTo(503);
    assertThat(HttpStatuses.of(Refusal.OVERLOADED)).isEqualTo(503);
    assertThat(HttpStatuses.of(Refusal.TOO_MANY_SESSIONS_FOR_KEY)).isEqualTo(429);
    assertThat(HttpStatuses.of(Refusal.TOO_MANY_IN_FLIGHT)).isEqualTo(429);
    assertThat(HttpStatuses.of(Refusal.RATE_LIMITED)).isEqualTo(429);
    assertThat(HttpStatuses.of(Refusal.BODY_TOO_LARGE)).isEqualTo(413);
    assertThat(HttpStatuses.of(Refusal.UNAUTHORIZED)).isEqualTo(401);
    assertThat(HttpStatuses.of(Refusal.FORBIDDEN)).isEqualTo(403);
    assertThat(HttpStatuses.of(Refusal.BAD_REQUEST)).isEqualTo(400);
    assertThat(HttpStatuses.of(Refusal.UNSUPPORTED_CONTENT_TYPE)).isEqualTo(415);
    assertThat(HttpStatuses.of(Refusal.NOT_ACCEPTABLE)).isEqualTo(406);
    assertThat(HttpStatuses.of(Refusal.STREAM_BUSY)).isEqualTo(409);
    assertThat(HttpStatuses.of(Refusal.METHOD_NOT_ALLOWED)).isEqualTo(405);
  }

  /** Call sites that still refuse by status get a refusal that answers with that very status. */
  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 429, 503})
  void aStatusRoundTrips(int status) {
    assertThat(HttpStatuses.of(HttpStatuses.refusalFor(status))).isEqualTo(status);
    assertThat(StreamableHttpHandler.refuse(status, JsonRpcError.INVALID_REQUEST, "x").refusal())
        .isEqualTo(HttpStatuses.refusalFor(status));
  }

}
