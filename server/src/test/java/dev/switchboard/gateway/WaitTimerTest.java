package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer behind stream waits: on time, never for a cancelled wait, and woken for a deadline earlier than its plan. */
@Timeout(30)
class WaitTimerTest {
  private static final AtomicInteger TIMERS = new AtomicInteger();
  private final String name = "wait-timer-test-" + TIMERS.incrementAndGet();
  private final WaitTimer timer = new WaitTimer(name);

  @AfterEach
  void close() {
    timer.close();
  }

  @Test
  void anAlarmRingsOnceItsDeadlineHasPassedAndNotBefore() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(80);
    AtomicLong rangAt = new AtomicLong();
    CountDownLatch rang = new CountDownLatch(1);
    timer.at(deadline, () -> {
      rangAt.set(System.nanoTime());
      rang.countDown();
    });

    assertThat(rang.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rangAt.get() - deadline).isGreaterThanOrEqualTo(0);
    assertThat(timer.pending()).isZero();
  }

  @Test
  void aCancelledAlarmNeverRings() throws InterruptedException {
    AtomicInteger cancelledRings = new AtomicInteger();
    WaitTimer.Alarm cancelled = timer.at(in(Duration.ofMillis(30)), cancelledRings::incrementAndGet);
    cancelled.cancel();
    CountDownLatch later = new CountDownLatch(1);
    timer.at(in(Duration.ofMillis(120)), later::countDown); // rings after the cancelled one's deadline

    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelledRings).hasValue(0);
    cancelled.cancel(); // idempotent
  }

  @Test
  void anAlarmEarlierThanTheOneTheTimerSleepsForWakesItOnTime() throws InterruptedException {
    AtomicInteger lateRings = new AtomicInteger();
    WaitTimer.Alarm late = timer.at(in(Duration.ofMinutes(10)), lateRings::incrementAndGet);
    awaitPlanned(); // the timer now sleeps until the late alarm
    CountDownLatch early = new CountDownLatch(1);
    long set = System.nanoTime();
    timer.at(in(Duration.ofMillis(50)), early::countDown);

    assertThat(early.await(10, TimeUnit.SECONDS)).isTrue(); // not ten minutes later
    assertThat(System.nanoTime() - set).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(lateRings).hasValue(0);
    late.cancel();
  }

  @Test
  void manyWaitersSettingAndCancellingAtOnceGetExactlyTheRingsTheyLeftSet() throws InterruptedException {
    int waiters = 400;
    AtomicInteger rings = new AtomicInteger();
    CountDownLatch kept = new CountDownLatch(waiters / 2);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      boolean keep = i % 2 == 0;
      threads.add(Thread.ofVirtual().start(() -> {
        WaitTimer.Alarm alarm = timer.at(in(Duration.ofMillis(keep ? 40 : 5_000)), () -> {
          rings.incrementAndGet();
          kept.countDown();
        });
        if (!keep) {
          alarm.cancel();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(kept.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rings).hasValue(waiters / 2);
    assertThat(timer.pending()).isZero();
  }

  @Test
  void alarmsDueAtTheSameInstantAllRing() throws InterruptedException {
    long deadline = in(Duration.ofMillis(40));
    CountDownLatch rang = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      timer.at(deadline, rang::countDown);
    }

    assertThat(rang.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anAlarmThatThrowsDoesNotStopTheTimer() throws InterruptedException {
    timer.at(in(Duration.ofMillis(10)), () -> {
      throw new IllegalStateException("a waiter's bug");
    });
    CountDownLatch next = new CountDownLatch(1);
    timer.at(in(Duration.ofMillis(60)), next::countDown);

    assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static long in(Duration d) {
    return System.nanoTime() + d.toNanos();
  }

  /** Waits until the timer has scanned its alarms and gone to sleep until the earliest. */
  private void awaitPlanned() {
    Thread thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
        .orElseThrow();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
  }
}
