package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real child that never reads its stdin: sending to it must refuse at once, never wait. */
@Timeout(60)
class StdioUpstreamTest {
  @Test
  void aChildThatStopsReadingIsRefusedAtOnceNotWaitedFor() throws Exception {
    ServerSpec spec = new ServerSpec("deaf", "sleep", List.of("60"), Map.of(), null, null, UpstreamPolicy.DEFAULTS,
        Json.object());
    CompletableFuture<UpstreamExit> exit = new CompletableFuture<>();
    StdioUpstream child = StdioUpstream.start(spec, 1 << 20, new StderrLog(10), new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {}

      @Override
      public void onClosed(UpstreamExit e) {
        exit.complete(e);
      }
    });
    try {
      Message big = Message.request(RequestId.of(1), "tools/call", Json.object().put("pad", "x".repeat(1024)));
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> {
        for (int i = 0; i < 100_000; i++) {
          child.send(big); // the pipe holds ~64 KB, the queue 4,096 messages; then send must refuse
        }
      }).isInstanceOf(UpstreamException.class).hasMessageContaining("not reading its input"));
    } finally {
      child.close();
    }
    assertThat(exit.get(10, TimeUnit.SECONDS).expected()).isTrue();
  }
}
