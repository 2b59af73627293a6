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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real children: one that never reads its stdin (sending to it must refuse at once, never wait), and one that answers
 * every request (what the senders write themselves and what the writer thread writes arrive in the order sent).
 */
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
      assertThat(child.directWrites()).as("only the first, into an empty pipe; then it was never known to read")
          .isEqualTo(1);
    } finally {
      child.close();
    }
    assertThat(exit.get(10, TimeUnit.SECONDS).expected()).isTrue();
  }

  @Test
  void directAndQueuedWritesReachTheChildInTheOrderSent() throws Exception {
    ServerSpec spec = new ServerSpec("answering", "sed", List.of("-un",
        "s/^.*\"id\":\\([0-9][0-9]*\\).*$/{\"jsonrpc\":\"2.0\",\"id\":\\1,\"result\":{}}/p"), Map.of(), null,
        null, UpstreamPolicy.DEFAULTS, Json.object());
    BlockingQueue<Message> answers = new LinkedBlockingQueue<>();
    StdioUpstream child = StdioUpstream.start(spec, 1 << 20, new StderrLog(10), new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {
        answers.add(message);
      }

      @Override
      public void onClosed(UpstreamExit e) {}
    });
    int rounds = 200;
    List<Long> received = new ArrayList<>();
    try {
      for (int round = 0; round < rounds; round++) {
        child.send(Message.request(RequestId.of(2L * round + 1), "tools/call", null)); // direct once all was read
        child.send(Message.notification("notifications/progress", null)); // direct only if that was answered by now
        child.send(Message.request(RequestId.of(2L * round + 2), "tools/call", null)); // queued: nothing proves the
        // notification was read
        for (int i = 0; i < 2; i++) {
          Message answer = answers.poll(10, TimeUnit.SECONDS);
          assertThat(answer).as("answer %d of round %d", i, round).isNotNull();
          received.add(((Message.Response) answer).id().value().asLong());
        }
      }
    } finally {
      child.close();
    }
    assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * rounds).boxed().toList());
    assertThat(child.directWrites()).as("never a round's second request; always the very first message")
        .isBetween(1L, 2L * rounds);
  }

  @Test
  void aChildThatAnswersWhatItNeverReadStallsADirectWriteThatClosingEnds() throws Exception {
    String forger = "while :; do i=1; while [ $i -le 100 ]; do "
        + "printf '{\"jsonrpc\":\"2.0\",\"id\":%d,\"result\":{}}\\n' $i; i=$((i+1)); done; sleep 0.02; done";
    ServerSpec spec = new ServerSpec("forger", "sh", List.of("-c", forger), Map.of(), null, null,
        UpstreamPolicy.DEFAULTS, Json.object());
    BlockingQueue<Long> answered = new LinkedBlockingQueue<>();
    StdioUpstream child = StdioUpstream.start(spec, 1 << 20, new StderrLog(10), new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {
        if (message instanceof Message.Response r) {
          answered.add(r.id().value().asLong());
        }
      }

      @Override
      public void onClosed(UpstreamExit e) {}
    });
    Thread sender = Thread.ofVirtual().start(() -> {
      try {
        for (long id = 1; id <= 100; id++) { // 100 x 3 KB: the 64 KiB pipe fills on the way
          child.send(Message.request(RequestId.of(id), "tools/call", Json.object().put("pad", "x".repeat(3000))));
          answered.clear();
          awaitAnswer(child, answered, id); // "answered" after it was written: the ledger believes it was read
        }
      } catch (InterruptedException | UpstreamException e) {
        // the child is gone
      }
    });
    try {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
          .until(() -> child.writeStalled(System.nanoTime(), Duration.ofMillis(200).toNanos()));
      assertThat(child.directWrites()).as("every write was direct: each looked answered").isGreaterThan(10);
    } finally {
      child.close();
    }
    sender.join(Duration.ofSeconds(10));
    assertThat(sender.isAlive()).as("stopping the child broke the pipe and ended the write").isFalse();
  }

  /** Until {@code id} is answered, the child has gone, or 10 s have passed. */
  private static void awaitAnswer(StdioUpstream child, BlockingQueue<Long> answered, long id)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (child.isOpen() && System.nanoTime() < deadline) {
      Long seen = answered.poll(100, TimeUnit.MILLISECONDS);
      if (seen != null && seen == id) {
        return;
      }
    }
  }
}
