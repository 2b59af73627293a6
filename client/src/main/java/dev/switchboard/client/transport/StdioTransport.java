package dev.switchboard.client.transport;

import dev.switchboard.protocol.LineReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Spawns an MCP server and speaks newline-delimited JSON-RPC over its stdin and stdout. Three platform threads own
 * the pipes: one writes stdin from a bounded queue, one reads stdout, one drains stderr (keeping the last lines for
 * error messages) — a blocked pipe read or write would pin a virtual thread's carrier, and a server that stops
 * reading must not hold the caller. Closing closes stdin, then stops the process tree. Thread safe; {@link #send}
 * never blocks.
 */
public final class StdioTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(StdioTransport.class.getName());
  private static final int MAX_LINE = 64 * 1024 * 1024;
  private static final int TAIL_LINES = 20;
  /** Messages waiting for the server to read them; past this it is not reading, and {@link #send} refuses. */
  static final int CAPACITY = 1024;
  /** Tells the writer to close stdin and end; no message serializes to nothing. */
  private static final byte[] CLOSE = new byte[0];

  private final List<String> command;
  private final Map<String, String> env;
  private final @Nullable Path cwd;
  private final Consumer<String> stderrSink;
  private final BlockingQueue<byte[]> outbound = new ArrayBlockingQueue<>(CAPACITY);
  private final Deque<String> tail = new ArrayDeque<>();
  private final java.util.concurrent.locks.ReentrantLock tailLock = new java.util.concurrent.locks.ReentrantLock();
  private volatile @Nullable Process process;
  private volatile @Nullable Receiver receiver;
  private volatile boolean closed;

  /** {@code env} is added to this JVM's environment; {@code stderrSink} sees each stderr line of the server. */
  public StdioTransport(List<String> command, Map<String, String> env, @Nullable Path cwd,
      Consumer<String> stderrSink) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.cwd = cwd;
    this.stderrSink = stderrSink;
  }

  public StdioTransport(List<String> command) {
    this(command, Map.of(), null, line -> LOG.log(System.Logger.Level.DEBUG, "server stderr: {0}", line));
  }

  public static Transport.Factory factory(List<String> command) {
    return () -> new StdioTransport(command);
  }

  @Override
  public void start(Receiver receiver) throws IOException {
    this.receiver = receiver;
    ProcessBuilder builder = new ProcessBuilder(command);
    if (cwd != null) {
      builder.directory(cwd.toFile());
    }
    builder.environment().putAll(env);
    Process p = builder.start();
    process = p;
    // platform threads: a virtual thread blocked reading a pipe pins its carrier
    Thread.ofPlatform().daemon().name("mcp-stdio-err").stackSize(256 * 1024).start(() -> drainStderr(p));
    Thread.ofPlatform().daemon().name("mcp-stdio-out").stackSize(256 * 1024).start(() -> readStdout(p));
    Thread.ofPlatform().daemon().name("mcp-stdio-in").stackSize(256 * 1024).start(() -> writeStdin(p));
  }

  /** Queues {@code message} for the server; throws when it has stopped or when {@link #CAPACITY} messages wait. */
  @Override
  public void send(Message message) throws IOException {
    Process p = process;
    if (p == null || closed) {
      throw new IOException(describe() + " is not running");
    }
    if (!outbound.offer(message.bytes())) {
      throw new IOException(describe() + " is not reading its input (" + CAPACITY + " messages are waiting; "
          + exitStatus(p) + ")");
    }
  }

  /** The writer's loop: each message and a newline, flushed once nothing more waits; ends when stdin breaks. */
  private void writeStdin(Process p) {
    try (OutputStream in = p.getOutputStream()) {
      byte[] next = outbound.take();
      while (next != CLOSE) {
        in.write(next);
        in.write('\n');
        if (outbound.isEmpty()) {
          in.flush();
        }
        next = outbound.take();
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "writing to {0} failed: {1}", describe(), e.toString()); // it exited
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String describe() {
    Process p = process;
    return String.join(" ", command) + (p == null ? "" : " (pid " + p.pid() + ")");
  }

  /** The last lines the server wrote to stderr. */
  public List<String> stderrTail() {
    tailLock.lock();
    try {
      return List.copyOf(tail);
    } finally {
      tailLock.unlock();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Process p = process;
    if (p != null) {
      stop(p);
    }
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(null);
    }
  }

  private void readStdout(Process p) {
    LineReader lines = new LineReader(p.getInputStream(), MAX_LINE);
    try {
      LineReader.Frame frame;
      while ((frame = lines.next()) != null) {
        if (frame instanceof LineReader.Frame.Line line) {
          deliver(line.bytes());
        } else {
          LOG.log(System.Logger.Level.WARNING, "{0} wrote a line over {1} bytes; skipped", describe(), MAX_LINE);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "reading {0} failed: {1}", describe(), e.toString());
    }
    exited(p);
  }

  private void deliver(byte[] line) {
    try {
      Message message = MessageCodec.parse(line);
      Receiver r = receiver;
      if (r != null && !closed) {
        r.onMessage(message);
      }
    } catch (ProtocolException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0} wrote a line that is not JSON-RPC: {1}", describe(), e.getMessage());
    }
  }

  private void exited(Process p) {
    if (closed) {
      return;
    }
    closed = true;
    waitFor(p, 2);
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(new IOException(describe() + " exited (" + exitStatus(p) + ")" + tailText()));
    }
    stop(p);
  }

  private void drainStderr(Process p) {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        remember(line);
        stderrSink.accept(line);
      }
    } catch (IOException e) {
      // the process is gone; its stderr with it
    }
  }

  private void remember(String line) {
    tailLock.lock();
    try {
      if (tail.size() == TAIL_LINES) {
        tail.removeFirst();
      }
      tail.addLast(line);
    } finally {
      tailLock.unlock();
    }
  }

  private String tailText() {
    List<String> lines = stderrTail();
    return lines.isEmpty() ? "" : "; its last stderr lines:\n  " + String.join("\n  ", lines);
  }

  private static String exitStatus(Process p) {
    return p.isAlive() ? "still running" : "exit code " + p.exitValue();
  }

  /** Closing stdin (after what is queued) asks politely; then TERM, then KILL, for the whole tree. */
  private void stop(Process p) {
    if (!outbound.offer(CLOSE)) { // a full queue: the server is not reading, so nothing polite will reach it
      outbound.clear();
      outbound.offer(CLOSE);
    }
    if (waitFor(p, 2)) {
      return;
    }
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroy();
    tree.forEach(ProcessHandle::destroy);
    if (!waitFor(p, 2)) {
      p.destroyForcibly();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean waitFor(Process p, long seconds) {
    try {
      return p.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }
}
