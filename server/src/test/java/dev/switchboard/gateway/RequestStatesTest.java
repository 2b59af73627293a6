package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestStatesTest {
  private final RequestStates states = new RequestStates();
  private final RequestStates.Claim claim = new RequestStates.Claim(42, 2, "key-a", "fixture", "tools/call x",
      1_900_000_000_000L);

  @Test
  void aSignedStateVerifiesToItsClaim() {
    assertThat(states.verify(states.sign(claim))).contains(claim);
  }

  @Test
  void anyAlterationFails() {
    String state = states.sign(claim);
    assertThat(states.verify(state + "x")).isEmpty();
    assertThat(states.verify("x" + state)).isEmpty();
    String payload = state.substring(0, state.indexOf('.'));
    String other = states.sign(new RequestStates.Claim(43, 2, "key-a", "fixture", "tools/call x",
        1_900_000_000_000L));
    // another call's signature under this call's payload, and the reverse
    assertThat(states.verify(payload + other.substring(other.indexOf('.')))).isEmpty();
  }

  @Test
  void anotherGatewaysStateFails() {
    assertThat(new RequestStates().verify(states.sign(claim))).isEmpty();
  }

  @Test
  void garbageFails() {
    assertThat(states.verify("")).isEmpty();
    assertThat(states.verify("....")).isEmpty();
    assertThat(states.verify("not base64!.also not")).isEmpty();
    assertThat(states.verify("{\"c\":42}")).isEmpty();
  }
}
