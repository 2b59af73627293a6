package dev.switchboard.client;

import dev.switchboard.client.transport.LegacySseTransport;
import dev.switchboard.client.transport.StdioTransport;
import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.testing.Interop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code @modelcontextprotocol/server-everything} from {@code interop/} in one of its three modes. The HTTP modes
 * listen on every interface by default, so a preload script pins their {@code listen} to 127.0.0.1. Closing stops
 * the process. Not thread safe.
 */
final class Everything implements AutoCloseable {
  private static final String PRELOAD = """
      // Pins every server this process starts to the loopback interface.
      const net = require('net');
      const listen = net.Server.prototype.listen;
      net.Server.prototype.listen = function (...args) {
        if (typeof args[0] === 'number' || typeof args[0] === 'string') {
          const callback = args.find((a) => typeof a === 'function');
          return listen.call(this, { port: Number(args[0]), host: '127.0.0.1' }, callback);
        }
        if (args[0] && typeof args[0] === 'object') {
          args[0] = { ...args[0], host: '127.0.0.1' };
        }
        return listen.apply(this, args);
      };
      """;

  enum Mode { STDIO, STREAMABLE_HTTP, SSE }

  private final Mode mode;
  private final @Nullable Process process;
  private final int port;

  private Everything(Mode mode, @Nullable Process process, int port) {
    this.mode = mode;
    this.process = process;
    this.port = port;
  }

  static Everything start(Mode mode, Path workDir) throws Exception {
    if (mode == Mode.STDIO) {
      script();
      return new Everything(mode, null, 0);
    }
    Path preload = Files.writeString(workDir.resolve("loopback.cjs"), PRELOAD);
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(Interop.node().toString(), "--require", preload.toString(),
        script().toString(), mode == Mode.SSE ? "sse" : "streamableHttp").directory(Interop.dir().toFile())
        .redirectInput(Interop.NO_INPUT).redirectErrorStream(true)
        .redirectOutput(workDir.resolve("everything-" + mode + ".log").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    Everything everything = new Everything(mode, builder.start(), port);
    everything.awaitListening();
    return everything;
  }

  /** A factory of transports to this server (a fresh child per connection in stdio mode). */
  Transport.Factory transports() throws Exception {
    return switch (mode) {
      case STDIO -> {
        List<String> command = List.of(Interop.node().toString(), script().toString(), "stdio");
        yield () -> new StdioTransport(command, Map.of(), Interop.dir(), line -> {});
      }
      case STREAMABLE_HTTP -> StreamableHttpTransport.factory(URI.create("http://127.0.0.1:" + port + "/mcp"));
      case SSE -> LegacySseTransport.factory(URI.create("http://127.0.0.1:" + port + "/sse"));
    };
  }

  @Override
  public void close() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /**
   * The server's entry point; installs the npm peers first when this checkout has not got them yet (through
   * {@link Interop#install()}, which keeps npm off the test JVM's stdin and stdout).
   */
  static Path script() throws IOException, InterruptedException {
    Interop.install();
    Path script = Interop.dir().resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    if (!Files.isRegularFile(script)) {
      throw new IOException("no " + script + " after npm ci; is it missing from interop/package.json?");
    }
    return script;
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IOException("server-everything exited with " + process.exitValue());
      }
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IOException("server-everything did not listen on 127.0.0.1:" + port + " within 30 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
