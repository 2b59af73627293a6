package dev.switchboard.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into newline-delimited frames (stdio and TCP JSON lines). A trailing CR is dropped, blank
 * lines are skipped, and a line longer than the limit is consumed to its end and reported as {@link Frame.TooLong}
 * so one bad line never wedges the stream. Not thread safe: one reader per stream, on its reader thread.
 */
public final class LineReader {
  private final InputStream in;
  private final int maxLine;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private byte[] line = new byte[1024];
  private long lastTooLong;
  /** When the read that brought the buffer's bytes returned, and when the last frame's first byte came. */
  private long filledAt;
  private long begun;

  public LineReader(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
  }

  /** What one read produced. */
  public sealed interface Frame {
    // The frame hands its freshly copied bytes straight to the parser; wrapping or copying them again would cost an
    // allocation per message, and nothing compares or hashes frames.
    @SuppressWarnings("ArrayRecordComponent")
    record Line(byte[] bytes) implements Frame {}

    record TooLong(long length) implements Frame {}
  }

  /**
   * The first bytes of the last over-long line (up to 256), so a caller can still tell which request it answered.
   */
  public byte[] truncatedStart() {
    return Arrays.copyOf(line, (int) Math.min(256, Math.min(maxLine + 1L, lastTooLong)));
  }

  /**
   * When the last frame's first byte arrived ({@link System#nanoTime()} of the read that brought it): where a
   * request's time in the gateway starts.
   */
  public long begun() {
    return begun;
  }

  /** The next non-blank frame, or null at end of stream. */
  public @Nullable Frame next() throws IOException {
    while (true) {
      Frame frame = readFrame();
      if (frame == null || !(frame instanceof Frame.Line l && isBlank(l.bytes()))) {
        return frame;
      }
    }
  }

  private @Nullable Frame readFrame() throws IOException {
    int length = 0;
    long total = 0;
    while (true) {
      if (position == limit && !fill()) {
        return total == 0 ? null : finish(length, total);
      }
      byte b = buffer[position++];
      if (b == '\n') {
        return finish(length, total);
      }
      if (total == 0) {
        begun = filledAt;
      }
      total++;
      if (total <= maxLine + 1L) {
        ensure(length + 1);
        line[length++] = b;
      }
    }
  }

  private Frame finish(int length, long total) {
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    if (total > maxLine + 1L || end > maxLine) {
      lastTooLong = total;
      return new Frame.TooLong(total);
    }
    return new Frame.Line(Arrays.copyOf(line, end));
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    filledAt = System.nanoTime();
    return true;
  }

  private void ensure(int capacity) {
    if (capacity > line.length) {
      line = Arrays.copyOf(line, Math.max(capacity, (int) Math.min(line.length * 2L, maxLine + 1L)));
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
