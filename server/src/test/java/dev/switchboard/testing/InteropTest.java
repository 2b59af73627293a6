package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether the npm peers need installing is decided by what is installed, never by file times. */
class InteropTest {
  private static final String LOCK = "{\"packages\":{\"\":{\"name\":\"x\"},\"node_modules/a\":{\"version\":\"1.0.0\"},"
      + "\"node_modules/b\":{\"version\":\"2.0.0\",\"optional\":true}}}";

  @TempDir
  Path dir;

  @Test
  void aTreeMatchingTheLockIsUpToDateEvenWhenTheLockIsNewer() throws Exception {
    tree("{\"packages\":{\"node_modules/a\":{\"version\":\"1.0.0\"}}}");
    Files.writeString(dir.resolve("package-lock.json"), LOCK);
    Files.setLastModifiedTime(dir.resolve("package-lock.json"), FileTime.from(Instant.now().plusSeconds(3600)));

    assertThat(Interop.upToDate(dir)).as("as in a fresh git worktree: the lock checked out after the install")
        .isTrue();
  }

  @Test
  void anotherVersionOrAMissingPackageIsNot() throws Exception {
    Files.writeString(dir.resolve("package-lock.json"), LOCK);

    tree("{\"packages\":{\"node_modules/a\":{\"version\":\"0.9.0\"}}}");
    assertThat(Interop.upToDate(dir)).isFalse();

    tree("{\"packages\":{\"node_modules/b\":{\"version\":\"2.0.0\"}}}");
    assertThat(Interop.upToDate(dir)).isFalse();
  }

  @Test
  void noNodeOrNoRecordOfTheTreeIsNot() throws Exception {
    Files.writeString(dir.resolve("package-lock.json"), LOCK);
    Files.createDirectories(dir.resolve("node_modules"));
    Files.writeString(dir.resolve("node_modules/.package-lock.json"),
        "{\"packages\":{\"node_modules/a\":{\"version\":\"1.0.0\"}}}");

    assertThat(Interop.upToDate(dir)).as("no node_modules/.bin/node").isFalse();
  }

  private void tree(String hiddenLock) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("node_modules/.bin"));
    Path node = bin.resolve("node");
    if (!Files.exists(node)) {
      Files.writeString(node, "#!/bin/sh\n");
      assertThat(node.toFile().setExecutable(true)).isTrue();
    }
    Files.writeString(dir.resolve("node_modules/.package-lock.json"), hiddenLock);
  }
}
