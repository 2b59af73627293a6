package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Frames as text: a line as itself, a too-long line as {@code TooLong(n)}. */
  private static List<String> frames(InputStream in, int maxLine) throws IOException {
    LineReader reader = new LineReader(in, maxLine);
    List<String> out = new ArrayList<>();
    LineReader.Frame frame;
    while ((frame = reader.next()) != null) {
      out.add(switch (frame) {
        case LineReader.Frame.Line line -> new String(line.bytes(), StandardCharsets.UTF_8);
        case LineReader.Frame.TooLong tooLong -> "TooLong(" + tooLong.length() + ")";
      });
    }
    assertThat(reader.next()).isNull();
    return out;
  }

  private static List<String> frames(String text) throws IOException {
    return frames(bytes(text), 1024);
  }

  @Test
  void splitOnLf() throws IOException {
    assertThat(frames("{\"a\":1}\n{\"b\":2}\n")).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void crLfTrailingCrDropped() throws IOException {
    assertThat(frames("one\r\ntwo\r\n")).containsExactly("one", "two");
  }

  @Test
  void onlyTrailingCrDropped() throws IOException {
    assertThat(frames("a\rb\r\r\n")).containsExactly("a\rb\r");
  }

  @Test
  void loneCrIsNotALineEnd() throws IOException {
    assertThat(frames("a\rb\n")).containsExactly("a\rb");
  }

  @Test
  void blankLinesSkipped() throws IOException {
    assertThat(frames("\n\na\n\n \n\t\n\r\n \t\r\nb\n\n")).containsExactly("a", "b");
  }

  @Test
  void lastLineWithoutNewlineReturned() throws IOException {
    assertThat(frames("a\nlast")).containsExactly("a", "last");
    assertThat(frames("last\r")).containsExactly("last");
  }

  @Test
  void emptyStream() throws IOException {
    assertThat(frames("")).isEmpty();
  }

  @Test
  void onlyBlankLines() throws IOException {
    assertThat(frames("\n\r\n   \n")).isEmpty();
  }

  @Test
  void leadingAndTrailingSpacesKept() throws IOException {
    assertThat(frames("  x  \n")).containsExactly("  x  ");
  }

  @Test
  void lineOfExactlyTheLimit() throws IOException {
    assertThat(frames(bytes("abcde\nabcdef\n"), 5)).containsExactly("abcde", "TooLong(6)");
  }

  @Test
  void tooLongReportedThenNextLineRead() throws IOException {
    assertThat(frames(bytes("0123456789\n{\"ok\":true}\n"), 11))
        .containsExactly("0123456789", "{\"ok\":true}");
    assertThat(frames(bytes("0123456789abc\n{\"ok\":1}\nxy\n"), 8))
        .containsExactly("TooLong(13)", "{\"ok\":1}", "xy");
  }

  @Test
  void tooLongAtEndOfStream() throws IOException {
    assertThat(frames(bytes("ok\n0123456789"), 4)).containsExactly("ok", "TooLong(10)");
  }

  @Test
  void consecutiveTooLongLines() throws IOException {
    assertThat(frames(bytes("aaaaaa\nbbbbbbb\nc\n"), 5)).containsExactly("TooLong(6)", "TooLong(7)", "c");
  }

  @Test
  void tooLongLineFarBeyondTheBuffer() throws IOException {
    String huge = "x".repeat(100_000);
    assertThat(frames(bytes(huge + "\nnext\n"), 1000)).containsExactly("TooLong(100000)", "next");
    assertThat(frames(new OneByteStream(huge + "\nnext\n"), 1000)).containsExactly("TooLong(100000)", "next");
  }

  @Test
  void crLfLineOfExactlyTheLimit() throws IOException {
    assertThat(frames(bytes("abcde\r\n"), 5)).containsExactly("abcde");
  }

  @Test
  void linesSplitAcrossReads() throws IOException {
    assertThat(frames(new OneByteStream("{\"a\":1}\r\n\n{\"b\":\"\u00e9\uD83D\uDE00\"}\nlast"), 1024))
        .containsExactly("{\"a\":1}", "{\"b\":\"\u00e9\uD83D\uDE00\"}", "last");
  }

  @Test
  void tooLongSplitAcrossReads() throws IOException {
    assertThat(frames(new OneByteStream("abcdefgh\nab\n"), 4)).containsExactly("TooLong(8)", "ab");
  }

  @Test
  void emptyOneByteStream() throws IOException {
    assertThat(frames(new OneByteStream(""), 10)).isEmpty();
  }

  @Test
  void longLinesAcrossTheInternalBufferAndLineGrowth() throws IOException {
    String a = "a".repeat(20_000);
    String b = "b".repeat(40_000);
    assertThat(frames(bytes(a + "\n" + b + "\r\nc"), 1 << 20)).containsExactly(a, b, "c");
  }

  @Test
  void bytesPreservedExactly() throws IOException {
    byte[] raw = {'{', (byte) 0xC3, (byte) 0xA9, 0, (byte) 0xFF, '}', '\n'};
    LineReader reader = new LineReader(new ByteArrayInputStream(raw), 100);
    LineReader.Frame frame = reader.next();
    assertThat(frame).isInstanceOf(LineReader.Frame.Line.class);
    assertThat(((LineReader.Frame.Line) frame).bytes()).containsExactly('{', 0xC3, 0xA9, 0, 0xFF, '}');
    assertThat(reader.next()).isNull();
  }

  @Test
  void returnedBytesAreNotReused() throws IOException {
    LineReader reader = new LineReader(bytes("first\nsecond\n"), 100);
    byte[] first = ((LineReader.Frame.Line) reader.next()).bytes();
    reader.next();
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("first");
  }

  /** Returns one byte per read, whatever the caller asks for. */
  static final class OneByteStream extends InputStream {
    private final byte[] data;
    private int at;

    OneByteStream(String text) {
      this.data = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      return at < data.length ? data[at++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (at == data.length) {
        return -1;
      }
      buffer[offset] = data[at++];
      return 1;
    }
  }

  /** A line that arrives in pieces is timed from the read that brought its first byte, not its last. */
  @Test
  void aLineBeginsWhenItsFirstByteArrives() throws IOException {
    long[] reads = new long[4]; // end of read 1, start of read 2, end of read 2, start of read 3
    byte[][] chunks = {"{\"a\":1}\n{\"b".getBytes(StandardCharsets.UTF_8), "\":2}\n".getBytes(StandardCharsets.UTF_8)};
    InputStream in = new InputStream() {
      private int next;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (next > 0) {
          reads[2 * next - 1] = System.nanoTime();
        }
        if (next == chunks.length) {
          return -1;
        }
        byte[] chunk = chunks[next++];
        System.arraycopy(chunk, 0, b, off, chunk.length);
        reads[2 * next - 2] = System.nanoTime();
        return chunk.length;
      }
    };
    LineReader reader = new LineReader(in, 1024);
    assertThat(reader.next()).isNotNull();
    long first = reader.begun();
    assertThat(reader.next()).isNotNull();
    long second = reader.begun();

    assertThat(first).isBetween(reads[0], reads[1]);
    assertThat(second).isEqualTo(first); // its first bytes came with the first read
    assertThat(reader.next()).isNull();
  }
}
