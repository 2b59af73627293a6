package dev.switchboard.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/** Reading log files for the CLI: the last lines, and following a file as it grows (and rotates). */
final class Logs {
  private Logs() {}

  static List<String> tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    ArrayDeque<String> last = new ArrayDeque<>();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (last.size() == lines) {
          last.removeFirst();
        }
        last.addLast(line);
      }
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
    return List.copyOf(last);
  }

  /** Prints what is appended to {@code file} from {@code offset} on until interrupted; survives rotation. */
  static void follow(Path file, long offset, java.io.PrintWriter out) throws InterruptedException, IOException {
    long position = offset;
    while (!Thread.currentThread().isInterrupted()) {
      long size = Files.exists(file) ? Files.size(file) : 0;
      if (size < position) {
        position = 0; // rotated: the file started over
      }
      if (size > position) {
        position = copy(file, position, size, out);
      }
      Thread.sleep(250);
    }
  }

  private static long copy(Path file, long from, long to, java.io.PrintWriter out) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      raf.seek(from);
      byte[] bytes = new byte[(int) Math.min(to - from, 1 << 20)];
      raf.readFully(bytes);
      out.print(new String(bytes, StandardCharsets.UTF_8));
      out.flush();
      return from + bytes.length;
    }
  }
}
