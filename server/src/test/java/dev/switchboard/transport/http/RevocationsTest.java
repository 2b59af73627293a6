package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code POST /admin/revoke} and {@code /admin/unrevoke} on a node without Redis: the key is refused on this node
 * alone, and the answer says so and how to make it permanent; lifting it lets the key in again.
 */
class RevocationsTest {
  private final Revocations revocations = new Revocations(null);

  @Test
  void withoutRedisAKeyIsRevokedOnThisNodeAndTheAnswerSaysHowToMakeItPermanent() {
    var answer = revocations.revoke("bob");

    assertThat(answer.path("ok").asBoolean()).isTrue();
    assertThat(answer.path("scope").asString()).isEqualTo("node");
    assertThat(answer.path("note").asString()).contains("until it restarts", "gateway.auth.keys",
        "switchboard reload");
    assertThat(revocations.isRevoked("bob")).isTrue();
    assertThat(revocations.isRevoked("alice")).isFalse();
  }

  @Test
  void liftingARevocationLetsTheKeyInAgainAndLiftingItTwiceSaysItIsNotRevoked() {
    revocations.revoke("bob");

    var lifted = revocations.unrevoke("bob");
    assertThat(lifted.path("ok").asBoolean()).isTrue();
    assertThat(revocations.isRevoked("bob")).isFalse();

    var again = revocations.unrevoke("bob");
    assertThat(again.path("ok").asBoolean()).isFalse();
    assertThat(again.path("error").asString()).contains("'bob' is not revoked");
  }
}
