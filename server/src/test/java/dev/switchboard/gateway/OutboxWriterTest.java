package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.transport.OutboxWriter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The writer every message-framed wire (sockets, WebSocket) drains its outbox with, in memory: order, the three ways
 * it ends. (Here, not under {@code transport}, because outboxes are made by sessions in this package.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutboxWriterTest {
  private final EventStream outbox = new EventStream(0, 16, 0);
  private final List<Message> written = new CopyOnWriteArrayList<>();

  @Test
  void writesInOrderAndFinishesWithTheSession() throws Exception {
    var ending = CompletableFuture.supplyAsync(this::drain);
    for (int i = 1; i <= 5; i++) {
      outbox.offer(answer(i));
    }
    outbox.finish();
    assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(OutboxWriter.Ending.FINISHED);
    assertThat(written).extracting(m -> ((Message.Response) m).id().value().asInt()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void endsWhenTheClientIsDoneAndNothingIsComing() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    var ending = CompletableFuture.supplyAsync(() -> drain(done::get));
    outbox.offer(answer(1));
    done.set(true);
    assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(OutboxWriter.Ending.DONE);
    assertThat(written).hasSize(1);
  }

  @Test
  void aClientThatStopsReadingIsCutOffAtTheBound() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutboxWriter writer = new OutboxWriter(outbox, new OutboxWriter.Frames() {
      @Override
      public void write(Message message) throws IOException {
        stuck.countDown();
        await(release); // a socket write that does not return
        written.add(message);
      }

      @Override
      public void flush() {}
    }, () -> false);
    var ending = CompletableFuture.supplyAsync(() -> drain(writer));
    outbox.offer(answer(0));
    stuck.await();
    int taken = 0;
    while (outbox.offer(answer(++taken))) {
      assertThat(taken).isLessThan(100);
    }
    assertThat(outbox.isCutOff()).isTrue();
    release.countDown();
    assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(OutboxWriter.Ending.CUT_OFF);
  }

  private OutboxWriter.Ending drain() {
    return drain(() -> false);
  }

  private OutboxWriter.Ending drain(java.util.function.BooleanSupplier done) {
    return drain(new OutboxWriter(outbox, new OutboxWriter.Frames() {
      @Override
      public void write(Message message) {
        written.add(message);
      }

      @Override
      public void flush() {}
    }, done));
  }

  private static OutboxWriter.Ending drain(OutboxWriter writer) {
    try {
      return writer.drain();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Message answer(int id) {
    return Message.response(RequestId.of(id), Json.object());
  }
}
