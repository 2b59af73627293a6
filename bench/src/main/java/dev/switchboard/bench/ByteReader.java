package dev.switchboard.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A minimal unsynchronized buffered reader over a socket or pipe: lines (ending in LF, an optional CR dropped) and
 * fixed-length blocks. The bench's HTTP client and stdio driver both read through it, so their client-side cost is
 * the same. Not thread safe: one reader thread.
 */
final class ByteReader {
  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int limit;
  private byte[] line = new byte[512];
  private int lineLength;

  ByteReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** Reads one line into the reusable line buffer; returns its length (without CR/LF), or -1 at EOF. */
  int readLine() throws IOException {
    lineLength = 0;
    while (true) {
      if (pos == limit && !fill()) {
        return lineLength == 0 ? -1 : lineLength;
      }
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      append(start, pos - start);
      if (pos < limit) {
        pos++; // the LF
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        return lineLength;
      }
    }
  }

  /** The bytes of the last line read (valid until the next read). */
  byte[] line() {
    return line;
  }

  /** A copy of the last line read. */
  byte[] lineCopy() {
    return Arrays.copyOf(line, lineLength);
  }

  String lineText() {
    return new String(line, 0, lineLength, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Reads exactly {@code n} bytes. */
  byte[] readFully(int n) throws IOException {
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      if (pos == limit && !fill()) {
        throw new EOFException("stream ended after " + done + " of " + n + " bytes");
      }
      int take = Math.min(n - done, limit - pos);
      System.arraycopy(buf, pos, out, done, take);
      pos += take;
      done += take;
    }
    return out;
  }

  private void append(int start, int length) {
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
    }
    System.arraycopy(buf, start, line, lineLength, length);
    lineLength += length;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
