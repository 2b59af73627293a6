package dev.switchboard.upstream.builtin.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Reads text files and writes them atomically: new bytes go to a hidden temporary file in the same folder, which is
 * then renamed over the target, so a reader sees the old file or the new one, never half of either. A rewrite first
 * checks that the file still has the version it was read at. Stateless; callers serialize writes to one file.
 */
public final class TextFiles {
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private TextFiles() {}

  public static TextFile read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    return decode(path, bytes, Files.getLastModifiedTime(path).toInstant());
  }

  /** Decodes by BOM, else as UTF-8 when valid, else as ISO-8859-1 (which gives back every byte unchanged). */
  public static TextFile decode(Path path, byte[] bytes, java.time.Instant modified) {
    Charset charset = bomCharset(bytes);
    boolean bom = charset != null;
    int skip = charset == null ? 0 : charset.equals(StandardCharsets.UTF_8) ? 3 : 2;
    if (charset == null) {
      charset = isUtf8(bytes) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }
    String text = new String(bytes, skip, bytes.length - skip, charset);
    return new TextFile(path, text, charset, bom, lineEnding(text), version(bytes), modified, bytes.length);
  }

  /** A short fingerprint of the bytes: the first 16 hex digits of their SHA-256. */
  public static String version(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public static byte[] encode(TextFile file) {
    byte[] body = file.text().getBytes(file.charset());
    if (!file.bom()) {
      return body;
    }
    byte[] mark = file.charset().equals(StandardCharsets.UTF_8) ? UTF8_BOM
        : file.charset().equals(StandardCharsets.UTF_16LE) ? new byte[] {(byte) 0xFF, (byte) 0xFE}
        : new byte[] {(byte) 0xFE, (byte) 0xFF};
    byte[] out = new byte[mark.length + body.length];
    System.arraycopy(mark, 0, out, 0, mark.length);
    System.arraycopy(body, 0, out, mark.length, body.length);
    return out;
  }

  /**
   * Writes {@code updated} over its file if the file still has {@code updated.version()}; returns the file as
   * written. Throws {@link EditConflictException}, writing nothing, when someone else changed or removed it.
   */
  public static TextFile replace(TextFile updated) throws IOException, EditConflictException {
    byte[] bytes = encode(updated);
    Path target = updated.path();
    Path temp = writeTemp(target, bytes);
    try {
      copyPermissions(target, temp);
      checkUnchanged(updated);
      moveOver(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    return decode(target, bytes, Files.getLastModifiedTime(target).toInstant());
  }

  /** Creates a new UTF-8 file (and its folders); throws {@link FileAlreadyExistsException} rather than replace. */
  public static TextFile create(Path target, String text) throws IOException {
    Files.createDirectories(target.getParent());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Path temp = writeTemp(target, bytes);
    try {
      publishNew(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    return decode(target, bytes, Files.getLastModifiedTime(target).toInstant());
  }

  /** Whether a name is one of our temporary files (watchers and listings skip them). */
  public static boolean isTemporary(String fileName) {
    return fileName.startsWith(".") && fileName.endsWith(".sbtmp");
  }

  private static void checkUnchanged(TextFile expected) throws IOException, EditConflictException {
    byte[] now;
    try {
      now = Files.readAllBytes(expected.path());
    } catch (NoSuchFileException e) {
      throw new EditConflictException(expected.path().getFileName() + " was deleted or moved since it was read; "
          + "nothing was written");
    }
    String found = version(now);
    if (!found.equals(expected.version())) {
      throw new EditConflictException(expected.path().getFileName() + " changed on disk since it was read "
          + "(version " + expected.version() + ", now " + found + "); nothing was written. Read it again and retry.");
    }
  }

  /** A hidden sibling of the target holding the bytes, flushed to disk before any rename. */
  private static Path writeTemp(Path target, byte[] bytes) throws IOException {
    String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".sbtmp";
    Path temp = target.resolveSibling(name);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    return temp;
  }

  private static void moveOver(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A hard link is created atomically and never replaces; where links are unsupported, a plain no-replace move. */
  private static void publishNew(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      Files.move(temp, target);
    }
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
    PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
    if (source != null && target != null && Files.exists(from)) {
      target.setPermissions(source.readAttributes().permissions());
    }
  }

  private static @Nullable Charset bomCharset(byte[] b) {
    if (b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
      return StandardCharsets.UTF_8;
    }
    if (b.length >= 2 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    return b.length >= 2 && b[0] == (byte) 0xFE && b[1] == (byte) 0xFF ? StandardCharsets.UTF_16BE : null;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The file's dominant line ending; LF when it has none. */
  static String lineEnding(String text) {
    int crlf = 0;
    int lf = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (i > 0 && text.charAt(i - 1) == '\r') {
        crlf++;
      } else {
        lf++;
      }
    }
    return crlf > lf ? "\r\n" : "\n";
  }
}
