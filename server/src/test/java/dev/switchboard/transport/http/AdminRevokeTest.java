package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code POST /admin/revoke} on a node without a cluster: nothing to broadcast to, and the answer says what to do. */
class AdminRevokeTest {
  @Test
  void withoutAClusterNothingIsRevokedAndTheAnswerSaysHowToRevokeAKeyHere() {
    var answer = AdminHandler.revoke(null, "bob");

    assertThat(answer.path("ok").asBoolean()).isFalse();
    assertThat(answer.path("key").asString()).isEqualTo("bob");
    assertThat(answer.path("error").asString()).contains("cluster.redis", "gateway.auth.keys", "switchboard reload");
  }
}
