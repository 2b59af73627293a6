package dev.switchboard.cli.setup;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading and writing the JSON files of clients and of Switchboard: lenient reading (VS Code's and Cursor's files
 * may hold comments and trailing commas), pretty writing, atomic replacement and timestamped backups. Stateless.
 */
public final class JsonFiles {
  private static final JsonMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA).build();
  private static final DefaultIndenter LF = new DefaultIndenter("  ", "\n");
  private static final ObjectWriter PRETTY = LENIENT.writer().with(new DefaultPrettyPrinter(Separators
      .createDefaultInstance()
      .withObjectNameValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
      .withObjectIndenter(LF).withArrayIndenter(LF));
  private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private JsonFiles() {}

  /** Reads a client's file, whose top level must be a JSON object; comments and trailing commas are accepted. */
  public static ObjectNode readObject(Path file) throws UnusableFileException {
    return readObject(file, LENIENT);
  }

  /** Reads Switchboard's own config as strictly as the daemon does, so nothing it would reject slips through. */
  public static ObjectNode readStrictObject(Path file) throws UnusableFileException {
    return readObject(file, Json.MAPPER);
  }

  private static ObjectNode readObject(Path file, JsonMapper mapper) throws UnusableFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UnusableFileException(file, "no such file");
    } catch (IOException e) {
      throw new UnusableFileException(file, "cannot read: " + e.getMessage());
    }
    JsonNode root;
    try {
      root = bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
    } catch (JacksonException e) {
      var where = e.getLocation();
      String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      throw new UnusableFileException(file, "not valid JSON" + at + ": " + e.getOriginalMessage());
    }
    if (!(root instanceof ObjectNode object)) {
      throw new UnusableFileException(file, "expected a JSON object at the top level");
    }
    return object;
  }

  /** Two-space indented JSON with a final newline, the way people write these files by hand. */
  public static String pretty(JsonNode node) {
    return PRETTY.writeValueAsString(node) + "\n";
  }

  public static byte[] prettyBytes(JsonNode node) {
    return pretty(node).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Replaces {@code target} through a temp file in the same directory and a move, so a reader never sees half a file
   * and a crash leaves the old one. The temp file is owner-only (configs hold secrets in {@code env}); an existing
   * file's permissions are carried over.
   */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      copyPermissions(target, tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Copies {@code file} to {@code <file>.bak-yyyyMMdd-HHmmss} (with a counter if that exists) and returns the copy. */
  public static Path backup(Path file, Clock clock) throws IOException {
    String base = file.getFileName() + ".bak-" + LocalDateTime.now(clock).format(BACKUP_STAMP);
    for (int n = 0;; n++) {
      Path copy = file.resolveSibling(n == 0 ? base : base + "-" + n);
      try {
        return Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
      } catch (FileAlreadyExistsException e) {
        // Two runs in the same second: keep both backups.
      }
    }
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    var source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
    var target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
    if (source != null && target != null && Files.exists(from)) {
      target.setPermissions(source.readAttributes().permissions());
    }
  }
}
