package dev.switchboard.transport;

import dev.switchboard.gateway.EventStream;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Drains a {@link Conversation}'s outbox onto its wire, message by message, on the connection's one writer thread.
 * It returns when the session ended (everything was written), when the client fell too far behind and the outbox
 * was cut, or when {@code done} says the client has nothing more coming (it closed its side and no request is in
 * flight). Not thread safe: one instance per connection.
 */
public final class OutboxWriter {
  /** How often a quiet writer looks at {@code done} again; answers wake it at once. */
  static final Duration RECHECK = Duration.ofMillis(500);

  /** How a wire puts one message on itself; {@link #flush} follows each batch. */
  public interface Frames {
    void write(Message message) throws IOException;

    void flush() throws IOException;

    /** Nothing came for a while: a wire that needs keep-alives (SSE comments) sends one here. */
    default void idle() throws IOException {}
  }

  /** Why the writer stopped. */
  public enum Ending {
    /** The session ended and its last message was written. */
    FINISHED,
    /** The client did not keep up: the outbox dropped what it held (the wire should close). */
    CUT_OFF,
    /** The client closed its side and nothing it asked for is still on its way. */
    DONE,
    /** Another consumer holds the outbox; nothing was written. */
    BUSY
  }

  private final EventStream outbox;
  private final Frames frames;
  private final BooleanSupplier done;

  public OutboxWriter(EventStream outbox, Frames frames, BooleanSupplier done) {
    this.outbox = outbox;
    this.frames = frames;
    this.done = done;
  }

  /** Writes until the conversation is over; an {@link IOException} means the client went away. */
  public Ending drain() throws IOException, InterruptedException {
    return drain(false);
  }

  /**
   * As {@link #drain()}; with {@code takeOver}, a consumer still attached (a client's old connection that has not
   * been noticed gone yet) is displaced instead of refusing this one.
   */
  public Ending drain(boolean takeOver) throws IOException, InterruptedException {
    int token = takeOver ? outbox.takeOver() : outbox.attach();
    if (token == 0) {
      return Ending.BUSY;
    }
    try {
      return drain(token);
    } finally {
      outbox.detach(token);
    }
  }

  private Ending drain(int token) throws IOException, InterruptedException {
    long cursor = outbox.deliveredSeq(); // a reconnecting consumer continues where the last one stopped
    while (true) {
      EventStream.Batch batch = outbox.await(cursor, RECHECK, token);
      cursor = write(batch, cursor);
      if (batch.cutOff() || batch.displaced()) {
        return Ending.CUT_OFF;
      }
      if (batch.finished()) {
        return Ending.FINISHED;
      }
      if (batch.events().isEmpty() && done.getAsBoolean()) {
        return Ending.DONE;
      }
      if (batch.events().isEmpty()) {
        frames.idle();
      }
    }
  }

  private long write(EventStream.Batch batch, long cursor) throws IOException {
    if (batch.events().isEmpty()) {
      return cursor;
    }
    for (EventStream.Event event : batch.events()) {
      frames.write(event.message());
    }
    frames.flush();
    written(batch.events());
    long last = batch.events().get(batch.events().size() - 1).seq();
    outbox.delivered(last);
    return last;
  }

  /** The answers among {@code events} are on the wire: their requests' gateway share ends now. */
  private void written(java.util.List<EventStream.Event> events) {
    long now = System.nanoTime();
    for (EventStream.Event event : events) {
      switch (event.message()) {
        case Message.Response r -> outbox.written(r.id(), now);
        case Message.ErrorResponse(RequestId id, var error, var node) when id != null -> outbox.written(id, now);
        default -> {}
      }
    }
  }
}
