package dev.switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The writer's batches: every line written once, in order, whether it lingers, waits idle, or is closed. */
@Timeout(20)
class AccessWriterTest {
  private final List<String> written = new CopyOnWriteArrayList<>();

  @Test
  void aBurstFromSeveralThreadsIsWrittenCompleteAndInEachThreadsOrder() throws Exception {
    try (AccessWriter writer = new AccessWriter(written::add)) {
      List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 2_000; i++) {
          String line = t + ":" + i;
          writer.offer(() -> line);
        }
      })).toList();
      for (Thread thread : threads) {
        thread.join();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 8_000);
      for (int t = 0; t < 4; t++) {
        String prefix = t + ":";
        assertThat(written.stream().filter(l -> l.startsWith(prefix)).toList())
            .isEqualTo(IntStream.range(0, 2_000).mapToObj(i -> prefix + i).toList());
      }
      assertThat(writer.dropped()).isZero();
    }
  }

  @Test
  void aLineAfterAQuietSpellIsWrittenWithoutAnotherToPushIt() throws Exception {
    try (AccessWriter writer = new AccessWriter(written::add)) {
      writer.offer(() -> "first");
      await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
      Thread.sleep(AccessWriter.LINGER.toMillis() * 3); // the writer has gone back to waiting on the queue
      writer.offer(() -> "second");
      await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);
      assertThat(written).containsExactly("first", "second");
    }
  }

  @Test
  void closeWritesWhatIsQueuedFirst() {
    AccessWriter writer = new AccessWriter(written::add);
    for (int i = 0; i < 500; i++) {
      String line = "line " + i;
      writer.offer(() -> line);
    }
    writer.close();
    assertThat(written).hasSize(500).startsWith("line 0").endsWith("line 499");
    writer.close(); // idempotent
  }
}
