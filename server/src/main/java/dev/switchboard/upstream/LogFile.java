package dev.switchboard.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain text log file bounded by size: when it passes {@code maxBytes} it becomes {@code NAME.1} (replacing the
 * previous one), so a server's stderr never takes more than twice that on disk. Not thread safe: callers serialize.
 */
public final class LogFile {
  private static final Logger LOG = LoggerFactory.getLogger(LogFile.class);

  private final Path path;
  private final long maxBytes;
  private long size = -1;
  private boolean broken;

  public LogFile(Path path, long maxBytes) {
    this.path = path;
    this.maxBytes = maxBytes;
  }

  public Path path() {
    return path;
  }

  void append(String line) {
    if (broken) {
      return;
    }
    try {
      if (size < 0) {
        Files.createDirectories(path.getParent());
        size = Files.exists(path) ? Files.size(path) : 0;
      }
      if (size > maxBytes) {
        Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        size = 0;
      }
      byte[] bytes = (Instant.now() + " " + line + "\n").getBytes(StandardCharsets.UTF_8);
      Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      size += bytes.length;
    } catch (IOException e) {
      broken = true; // one warning, not one per line
      LOG.warn("cannot write {}: {}", path, e.toString());
    }
  }
}
