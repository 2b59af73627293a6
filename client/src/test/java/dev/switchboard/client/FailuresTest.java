package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void aConnectionTheServerClosedBeforeAnsweringIsStale() {
    assertThat(Failures.isStaleConnection(new ClientException("tools/list failed",
        new IOException("HTTP/1.1 header parser received no bytes")))).isTrue();
    assertThat(Failures.isStaleConnection(new IOException("x", new EOFException()))).isTrue();
    assertThat(Failures.isStaleConnection(new IOException("Connection reset"))).isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(Failures.isStaleConnection(new IOException("Connection refused"))).isFalse();
    assertThat(Failures.isStaleConnection(new ClientException("tools/call failed: timeout"))).isFalse();
  }
}
