package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gateway-wide budget for bodies being received: reservations never exceed it, releases give it back. */
class BodyBudgetTest {
  @Test
  void reservesUpToTheLimitAndReleases() {
    BodyBudget budget = new BodyBudget(1000);
    assertThat(budget.tryReserve(600)).isTrue();
    assertThat(budget.tryReserve(500)).as("would exceed").isFalse();
    assertThat(budget.inUse()).as("a refused reservation takes nothing").isEqualTo(600);
    assertThat(budget.tryReserve(400)).isTrue();
    assertThat(budget.inUse()).isEqualTo(1000);
    assertThat(budget.tryReserve(1)).isFalse();
    budget.release(600);
    assertThat(budget.inUse()).isEqualTo(400);
    assertThat(budget.tryReserve(600)).isTrue();
    budget.release(1000);
    assertThat(budget.inUse()).isZero();
    assertThatThrownBy(() -> budget.release(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentReservationsNeverOvershoot() throws Exception {
    BodyBudget budget = new BodyBudget(100_000);
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < 10_000; i++) {
          if (budget.tryReserve(7)) {
            granted.incrementAndGet();
          }
        }
      }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(budget.inUse()).isEqualTo(7L * granted.get()).isLessThanOrEqualTo(100_000);
    assertThat(granted.get()).isEqualTo(100_000 / 7);
  }

  @Test
  void theDefaultIsFourBodiesOr256MiBBoundedByTheHeapButAlwaysFitsOneBody() {
    long mib = 1L << 20;
    long bigHeap = 64L << 30;
    assertThat(BodyBudget.defaultLimit(16 * mib, bigHeap)).isEqualTo(256 * mib);
    assertThat(BodyBudget.defaultLimit(100 * mib, bigHeap)).isEqualTo(400 * mib);
    assertThat(BodyBudget.defaultLimit(16 * mib, 512 * mib)).as("a quarter of a small heap").isEqualTo(128 * mib);
    assertThat(BodyBudget.defaultLimit(64 * mib, 128 * mib)).as("one largest body always fits")
        .isEqualTo(64 * mib + Bodies.INITIAL_CAPACITY);
  }
}
