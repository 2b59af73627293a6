package dev.switchboard.transport.socket;

import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.LineReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.transport.Conversation;
import dev.switchboard.transport.OutboxWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client on a socket: newline-delimited JSON-RPC both ways, one session. The reader thread hands lines to the
 * {@link Conversation} and never writes; the writer thread is the only one that writes, draining the conversation's
 * outbox. Either side ending ends both: the client's EOF ends the session once its last answer is written; the
 * session's end closes the socket. {@link #close} is idempotent and callable from any thread (the listener's
 * watchdog calls it on a write that missed its deadline).
 */
final class SocketConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SocketConnection.class);
  private static final byte[] NEWLINE = {'\n'};

  private final SocketChannel channel;
  private final Conversation conversation;
  private final int maxLineBytes;
  private final Runnable onClosed;
  private final ByteTotals totals;
  private volatile boolean inputClosed;
  /** When the current write began (System.nanoTime), or 0 while the writer is not writing. */
  private volatile long writingSince;
  private volatile boolean closed;

  SocketConnection(SocketChannel channel, Conversation conversation, int maxLineBytes, ByteTotals totals,
      Runnable onClosed) {
    this.totals = totals;
    this.channel = channel;
    this.conversation = conversation;
    this.maxLineBytes = maxLineBytes;
    this.onClosed = onClosed;
  }

  void start(String name) {
    Thread.ofVirtual().name(name + "-read").start(this::read);
    Thread.ofVirtual().name(name + "-write").start(this::write);
  }

  /** Nanoseconds the writer has been stuck in one write, or 0. */
  long writingFor(long now) {
    long since = writingSince;
    return since == 0 ? 0 : now - since;
  }

  void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    conversation.close(reason);
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing a socket failed: {}", e.toString());
    }
    onClosed.run();
  }

  private void read() {
    LineReader lines = new LineReader(Channels.newInputStream(channel), maxLineBytes);
    try {
      LineReader.Frame frame;
      while ((frame = lines.next()) != null) {
        switch (frame) {
          case LineReader.Frame.Line line -> {
            totals.received(line.bytes().length + 1L);
            conversation.receive(line.bytes(), lines.begun()); // timed from the line's first byte
          }
          case LineReader.Frame.TooLong tooLong -> {
            totals.received(tooLong.length() + 1L);
            refuse(tooLong);
          }
        }
      }
      inputClosed = true; // the writer ends the session once nothing the client asked for is on its way
    } catch (IOException e) {
      LOG.debug("socket client left: {}", e.toString());
      close("the client disconnected");
    }
  }

  private void refuse(LineReader.Frame.TooLong tooLong) {
    conversation.refuse(new JsonRpcError(JsonRpcError.INVALID_REQUEST,
        "Invalid Request: a line of " + tooLong.length() + " bytes is longer than gateway.limits.maxLineBytes ("
            + maxLineBytes + ")"));
  }

  private void write() {
    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
    try {
      OutboxWriter.Ending ending = conversation.writer(new Lines(out),
          () -> inputClosed && conversation.session().inFlight() == 0).drain();
      if (ending == OutboxWriter.Ending.CUT_OFF) {
        LOG.warn("session {}: socket client did not keep up with its messages; disconnected",
            conversation.session().logId());
      }
      close(ending == OutboxWriter.Ending.DONE ? "the client closed its connection" : "the session ended");
    } catch (IOException e) {
      LOG.debug("socket client left while being written to: {}", e.toString());
      close("the client disconnected");
    } catch (InterruptedException e) {
      close("Switchboard is shutting down");
    }
  }

  /** One message per line; the write time is watched by the listener. */
  private final class Lines implements OutboxWriter.Frames {
    private final OutputStream out;

    Lines(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(Message message) throws IOException {
      watched(() -> {
        out.write(message.bytes());
        out.write(NEWLINE);
      });
      totals.sent(message.bytes().length + 1L);
    }

    @Override
    public void flush() throws IOException {
      watched(out::flush);
    }

    private void watched(IoAction action) throws IOException {
      writingSince = Math.max(1, System.nanoTime());
      try {
        action.run();
      } finally {
        writingSince = 0;
      }
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
