package dev.switchboard.transport.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unix-domain socket files: bound in an owner-only folder (created 0700 when missing; an existing one that others
 * can enter is refused), made 0600, a stale file from a crashed run replaced, a live one never taken over.
 * Stateless.
 */
final class SocketFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SocketFiles.class);
  private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private SocketFiles() {}

  static ServerSocketChannel bind(Path path) throws IOException {
    Path folder = path.toAbsolutePath().getParent();
    if (folder == null) {
      throw new IOException("cannot listen on unix:" + path + ": a socket needs a folder of its own");
    }
    ownerOnlyFolder(folder);
    clearStale(path);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(path));
      if (isPosix()) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      }
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot listen on unix:" + path + ": " + e.getMessage(), e);
    }
  }

  static void remove(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not remove socket file {}: {}", path, e.toString());
    }
  }

  private static void ownerOnlyFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder);
      if (isPosix()) {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      }
      return;
    }
    if (isPosix() && Files.getPosixFilePermissions(folder).stream().anyMatch(OTHERS::contains)) {
      throw new IOException("cannot listen on a socket in " + folder + ": other users can enter that folder; use an "
          + "owner-only one (chmod 700), e.g. ~/.switchboard/sockets");
    }
  }

  /** A file left by a run that crashed is replaced; one that still answers belongs to someone: refuse. */
  private static void clearStale(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(path) || Files.isRegularFile(path) || Files.isDirectory(path)) {
      throw new IOException("cannot listen on unix:" + path + ": something that is not a socket is there");
    }
    try {
      SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
    } catch (java.net.SocketException e) {
      Files.delete(path); // nobody answers: left by a run that crashed
      return;
    }
    throw new IOException("cannot listen on unix:" + path + ": another process is listening there");
  }

  private static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
