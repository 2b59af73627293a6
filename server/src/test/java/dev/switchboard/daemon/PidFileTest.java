package dev.switchboard.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Home;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard.pid} holds the bare PID; the start instant that tells the daemon from a process that reused its
 * PID lives in {@code state.json}, and a file written by an older version ({@code PID START}) still reads.
 */
class PidFileTest {
  @TempDir
  Path dir;

  @Test
  void thePidFileIsTheBarePidAndANewline() throws Exception {
    Home home = new Home(dir);
    PidFile.ofCurrentProcess().write(home.pidFile());
    assertThat(Files.readString(home.pidFile())).isEqualTo(ProcessHandle.current().pid() + "\n");
  }

  @Test
  void theStartInstantComesFromTheStateFileAndIdentifiesTheLiveProcess() throws Exception {
    Home home = new Home(dir);
    PidFile self = PidFile.ofCurrentProcess();
    state(self.pid(), self.processStart()).write(home.stateFile());
    self.write(home.pidFile());
    assertThat(PidFile.read(home)).contains(self);
    assertThat(Instance.inspect(home)).isInstanceOf(Instance.Running.class);
  }

  @Test
  void aPidReusedByAnotherProcessIsStaleAndCleanedUp() throws Exception {
    Home home = new Home(dir);
    long pid = ProcessHandle.current().pid(); // alive, but not the process that wrote the state an hour earlier
    state(pid, PidFile.ofCurrentProcess().processStart().minus(Duration.ofHours(1))).write(home.stateFile());
    new PidFile(pid, Instant.EPOCH).write(home.pidFile());
    assertThat(Instance.inspect(home)).isEqualTo(new Instance.Stale(pid));
    assertThat(home.pidFile()).doesNotExist();
    assertThat(home.stateFile()).doesNotExist();
  }

  @Test
  void anOldFormatPidFileStillReadsWithItsStartInstant() throws Exception {
    Home home = new Home(dir);
    Instant start = Instant.parse("2026-01-02T03:04:05.678Z");
    Files.writeString(home.pidFile(), "4242 " + start + "\n");
    assertThat(PidFile.read(home)).contains(new PidFile(4242, start));
    long self = ProcessHandle.current().pid();
    Files.writeString(home.pidFile(), self + " " + start + "\n");
    assertThat(Instance.inspect(home)).as("a live PID with another start instant").isEqualTo(new Instance.Stale(self));
  }

  @Test
  void theStateFileIsPrivateToTheUser() throws Exception {
    Home home = new Home(dir);
    state(1, Instant.EPOCH).write(home.stateFile());
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(home.stateFile()))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    assertThat(StateFile.read(home.stateFile()).orElseThrow().adminToken()).isEqualTo("token");
  }

  private static StateFile state(long pid, Instant processStart) {
    return new StateFile(pid, "http://127.0.0.1:1", "127.0.0.1", 1, Instant.now(), processStart, "test", null,
        "log", "token");
  }
}
