package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Label values from servers and clients are capped per server; the rest fold into {@code other}. */
class LabelGuardTest {
  @Test
  void theFirstValuesAreKeptPerServerAndLaterOnesFold() {
    LabelGuard guard = new LabelGuard(2);
    assertThat(guard.of("a", "x")).isEqualTo("x");
    assertThat(guard.of("a", "y")).isEqualTo("y");
    assertThat(guard.of("a", "z")).isEqualTo("other");
    assertThat(guard.of("a", "x")).as("a known value stays itself").isEqualTo("x");
    assertThat(guard.of("b", "z")).as("each server has its own cap").isEqualTo("z");
  }

  /**
   * Threads racing new values past the cap: each round, exactly {@code cap} values are kept and every other one
   * folds, however the threads interleave (a check-then-add let two through at the last free place).
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void racingThreadsNeverKeepMoreThanTheCap() throws Exception {
    int cap = 4;
    int threads = 8;
    for (int round = 0; round < 500; round++) {
      LabelGuard guard = new LabelGuard(cap);
      Set<String> kept = ConcurrentHashMap.newKeySet();
      Set<String> folded = ConcurrentHashMap.newKeySet();
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> racers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t + "-";
        racers.add(Thread.ofPlatform().start(() -> {
          await(start);
          for (int i = 0; i < 3; i++) {
            String value = prefix + i;
            (guard.of("s", value).equals(value) ? kept : folded).add(value);
          }
        }));
      }
      for (Thread racer : racers) {
        racer.join(10_000);
      }
      assertThat(kept).as("round %d", round).hasSize(cap);
      assertThat(folded).as("round %d", round).hasSize(threads * 3 - cap);
      kept.forEach(v -> assertThat(guard.of("s", v)).as("a kept value stays itself").isEqualTo(v));
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
