package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Reading {@code /proc/net/tcp{,6}} rows and {@code /proc/PID/fd} links, and whose a listening port is. */
class PortOwnersTest {
  private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   "
      + "uid  timeout inode";
  /** 127.0.0.1:6379 (0x18EB) listening, socket inode 4711. */
  private static final String V4_LISTEN = "   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 "
      + "00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0";
  /** The same port, a connection in TIME_WAIT (06), which has no socket any more (inode 0). */
  private static final String V4_TIME_WAIT = "   1: 0100007F:18EB 0100007F:9BCF 06 00000000:00000000 03:00000AA8 "
      + "00000000     0        0 0 3 00000000ba22c153";
  /** 127.0.0.1:6379 as tcp6 shows it (an IPv4-mapped address), listening, inode 815. */
  private static final String V6_MAPPED_LISTEN = "   0: 0000000000000000FFFF00000100007F:18EB "
      + "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 815 1 "
      + "0000000000489098 100 0 0 10 0";
  /** [::]:8080 (0x1F90) listening, inode 99. */
  private static final String V6_ANY_LISTEN = "   2: 00000000000000000000000000000000:1F90 "
      + "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 "
      + "0000000000000000 100 0 0 10 0";

  @Test
  void aListeningRowOnThePortGivesItsInodeOverIpv4AndIpv6() {
    assertThat(PortOwners.listeningInode(V4_LISTEN, 6379)).isEqualTo(OptionalLong.of(4711));
    assertThat(PortOwners.listeningInode(V6_MAPPED_LISTEN, 6379)).isEqualTo(OptionalLong.of(815));
    assertThat(PortOwners.listeningInode(V6_ANY_LISTEN, 8080)).isEqualTo(OptionalLong.of(99));
  }

  @Test
  void otherPortsOtherStatesAndTheHeaderGiveNothing() {
    assertThat(PortOwners.listeningInode(V4_LISTEN, 6380)).isEmpty();
    assertThat(PortOwners.listeningInode(V4_LISTEN, 0x0100)).as("not the address's digits").isEmpty();
    assertThat(PortOwners.listeningInode(V4_TIME_WAIT, 6379)).isEmpty();
    assertThat(PortOwners.listeningInode(HEADER, 6379)).isEmpty();
    assertThat(PortOwners.listeningInode("", 6379)).isEmpty();
  }

  @Test
  void onlySocketLinksNameAnInode() {
    assertThat(PortOwners.socketInode("socket:[4711]")).isEqualTo(OptionalLong.of(4711));
    assertThat(PortOwners.socketInode("pipe:[4711]")).isEmpty();
    assertThat(PortOwners.socketInode("/tmp/socket:[4711]")).isEmpty();
    assertThat(PortOwners.socketInode("socket:[]")).isEmpty();
    assertThat(PortOwners.socketInode("anon_inode:[eventpoll]")).isEmpty();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  @SuppressWarnings("try") // the port is released mid-test on purpose
  void aPortThisProcessListensOnIsItsAndNotAnotherProcesss() throws Exception {
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = held.getLocalPort();
      assertThat(PortOwners.of(port, ProcessHandle.current())).isEqualTo(PortOwners.Holder.PROCESS);
      Process other = new ProcessBuilder("sleep", "30").redirectInput(ProcessBuilder.Redirect.from(
          new java.io.File("/dev/null"))).start();
      try {
        assertThat(PortOwners.of(port, other.toHandle())).isEqualTo(PortOwners.Holder.OTHER);
      } finally {
        other.destroyForcibly().waitFor();
      }
      held.close();
      assertThat(PortOwners.of(port, ProcessHandle.current())).as("closed").isEqualTo(PortOwners.Holder.NOBODY);
    }
  }
}
