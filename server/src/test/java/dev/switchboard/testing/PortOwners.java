package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who listens on a loopback TCP port, from Linux's {@code /proc}: the socket inodes of the {@code LISTEN} rows of
 * {@code /proc/net/tcp} and {@code tcp6}, matched against the {@code socket:[INODE]} links under
 * {@code /proc/PID/fd} of a process and its descendants. A port answering a connect may be another program's; this
 * tells whose. Stateless; reads {@code /proc} on the caller's (platform) thread.
 */
public final class PortOwners {
  private static final String LISTEN = "0A";
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  /** Who holds a port: nobody listens yet, only the process (tree) asked about, or someone else too. */
  public enum Holder {
    NOBODY, PROCESS, OTHER
  }

  private PortOwners() {}

  /** Who listens on {@code port}: {@link Holder#PROCESS} only when every listening socket is {@code process}'s. */
  public static Holder of(int port, ProcessHandle process) throws IOException {
    Set<Long> listening = listening(port);
    if (listening.isEmpty()) {
      return Holder.NOBODY;
    }
    return sockets(process).containsAll(listening) ? Holder.PROCESS : Holder.OTHER;
  }

  /** The inodes of the sockets listening on {@code port}, over IPv4 and IPv6. */
  static Set<Long> listening(int port) throws IOException {
    Set<Long> inodes = new HashSet<>();
    for (Path table : TABLES) {
      if (Files.exists(table)) { // no tcp6 without IPv6
        Files.readAllLines(table).forEach(line -> listeningInode(line, port).ifPresent(inodes::add));
      }
    }
    return inodes;
  }

  /**
   * The socket inode of one {@code /proc/net/tcp} or {@code tcp6} row when it listens on {@code port} (any local
   * address); empty for the header, other ports and other states. Columns: {@code sl local_address rem_address st
   * tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …}, the port in hex after the address's last colon.
   */
  static OptionalLong listeningInode(String line, int port) {
    String[] columns = line.strip().split("\\s+");
    if (columns.length < 10 || !columns[3].equals(LISTEN)) {
      return OptionalLong.empty();
    }
    String local = columns[1];
    try {
      int at = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
      return at == port ? OptionalLong.of(Long.parseLong(columns[9])) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The inode a {@code /proc/PID/fd} link names when it is a socket ({@code socket:[12345]}). */
  static OptionalLong socketInode(String link) {
    if (!link.startsWith("socket:[") || !link.endsWith("]")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(link.substring("socket:[".length(), link.length() - 1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The socket inodes {@code process} and its descendants hold open now. */
  static Set<Long> sockets(ProcessHandle process) {
    Set<Long> inodes = new HashSet<>();
    Stream.concat(Stream.of(process), process.descendants()).forEach(p -> sockets(p.pid(), inodes));
    return inodes;
  }

  private static void sockets(long pid, Set<Long> into) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds.forEach(fd -> link(fd).flatMap(l -> boxed(socketInode(l))).ifPresent(into::add));
    } catch (NoSuchFileException e) {
      // the process has exited: it holds nothing
    } catch (java.io.UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) { // exited while listed
        throw e;
      }
    } catch (IOException e) { // e.g. not allowed to look: say so rather than call the port someone else's
      throw new java.io.UncheckedIOException("cannot read the descriptors of process " + pid, e);
    }
  }

  /** Where a descriptor points, or nothing when it was closed meanwhile. */
  private static java.util.Optional<String> link(Path fd) {
    try {
      return java.util.Optional.of(Files.readSymbolicLink(fd).toString());
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static java.util.Optional<Long> boxed(OptionalLong value) {
    return value.isPresent() ? java.util.Optional.of(value.getAsLong()) : java.util.Optional.empty();
  }
}
