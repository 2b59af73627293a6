package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Virtual threads that always find work waiting never park, and one is never preempted: the loops of the core that
 * can be flooded must still leave the carriers to everyone else (the HTTP acceptor, {@code /health}, other sessions).
 */
@Timeout(60)
class CarrierSharingTest {
  private static final Duration FLOOD = Duration.ofSeconds(20);
  private static final Message EVENT = MessageCodec.parse(("{\"jsonrpc\":\"2.0\",\"method\":"
      + "\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}").getBytes(
          StandardCharsets.UTF_8));

  private final AtomicBoolean flooding = new AtomicBoolean(true);
  private final List<Thread> writers = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    flooding.set(false);
    for (Thread writer : writers) {
      writer.join();
    }
  }

  @Test
  void streamWritersThatNeverWaitLeaveTheCarriersToOthers() throws Exception {
    int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
        Runtime.getRuntime().availableProcessors());
    AtomicInteger spinning = new AtomicInteger();
    for (int i = 0; i <= carriers; i++) {
      writers.add(Thread.ofVirtual().name("writer-" + i).start(() -> write(spinning)));
    }
    while (spinning.get() <= carriers) { // every carrier now runs a writer that finds an event each time it looks
      Thread.onSpinWait();
    }
    CountDownLatch ran = new CountDownLatch(1);
    Thread.ofVirtual().start(ran::countDown);

    assertThat(ran.await(FLOOD.toSeconds() / 2, TimeUnit.SECONDS)).as("a virtual thread got a carrier").isTrue();
    assertThat(flooding.get()).as("while the writers were still flooded").isTrue();
  }

  @Test
  void aStreakYieldsOnceEnoughWorkCameInARowAndStartsOverAfterAWait() {
    AtomicInteger yields = new AtomicInteger();
    Streak streak = new Streak(4, yields::incrementAndGet);
    streak.busy(1);
    streak.busy(2);
    assertThat(yields).as("three items").hasValue(0);
    streak.busy(1);
    assertThat(yields).as("four").hasValue(1);
    streak.busy(3);
    streak.idle();
    streak.busy(3);
    assertThat(yields).as("three after the wait").hasValue(1);
    streak.busy(10);
    assertThat(yields).as("one big batch").hasValue(2);
  }

  /** A stream whose producer is always ahead: each look finds an event, as a writer behind a flooded child does. */
  private void write(AtomicInteger spinning) {
    EventStream stream = new EventStream(1, 1_000, 0);
    int token = stream.attach();
    long cursor = 0;
    long end = System.nanoTime() + FLOOD.toNanos();
    spinning.incrementAndGet();
    try {
      while (flooding.get() && System.nanoTime() < end) {
        stream.offer(EVENT);
        List<EventStream.Event> events = stream.await(cursor, Duration.ofSeconds(1), token).events();
        cursor = events.getLast().seq();
        stream.delivered(cursor);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      flooding.set(false);
    }
  }
}
