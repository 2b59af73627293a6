package dev.switchboard.upstream;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.config.Sharing;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.LineReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process speaking newline-delimited JSON-RPC on stdin/stdout. Three platform threads own its pipes: a writer
 * draining a bounded queue into stdin, a reader parsing stdout lines and handing each message to the listener, and a
 * drainer copying stderr into the server's {@link StderrLog}. They are platform threads on purpose: a virtual thread
 * blocked reading a pipe pins its carrier, and the gateway stopped at 127 children that way (see CONCURRENCY.md).
 * {@link #send} never blocks: it queues for the writer, or writes itself where that cannot block ({@link StdinWriter}).
 * Bad output (non-JSON, over-long lines) is reported and skipped. Thread safe.
 */
public final class StdioUpstream implements Upstream {
  private static final Logger LOG = LoggerFactory.getLogger(StdioUpstream.class);
  private static final Duration STDIN_GRACE = Duration.ofSeconds(2);
  private static final Duration TERM_GRACE = Duration.ofSeconds(2);
  /** Pipe threads only copy bytes or parse one message at a time; the parser's nesting limit bounds their depth. */
  private static final long PIPE_STACK = 256 * 1024;
  private static final long READER_STACK = 1024 * 1024;
  private static final int MAX_STDERR_LINE = 64 * 1024;
  /** The id of a response near the start of a line: {@code "id": "x"} or {@code "id": 42}, not in a request. */
  private static final java.util.regex.Pattern ANSWER_ID = java.util.regex.Pattern.compile(
      "^\\s*\\{\\s*(?:\"jsonrpc\"\\s*:\\s*\"2\\.0\"\\s*,\\s*)?\"id\"\\s*:\\s*(\"([^\"\\\\]{1,200})\"|(-?\\d{1,18}))"
          + "\\s*,\\s*\"(?:result|error)\"");

  private final String server;
  private final Process process;
  private final Listener listener;
  private final StderrLog stderr;
  /** This child's own last words, for the error its clients get; the server's log mixes all its children. */
  private final StderrLog ownTail = new StderrLog(20);
  private final int maxLine;
  private final StdinWriter stdin;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean closedReported = new AtomicBoolean();
  /** Completed by the pipe threads as they end; joined through these, since {@code Thread.join} pins on Java 21. */
  private final java.util.concurrent.CompletableFuture<Void> readerDone =
      new java.util.concurrent.CompletableFuture<>();
  private final java.util.concurrent.CompletableFuture<Void> drainerDone =
      new java.util.concurrent.CompletableFuture<>();

  private StdioUpstream(String server, Process process, Listener listener, StderrLog stderr, int maxLine,
      boolean oneClient) {
    this.server = server;
    this.process = process;
    this.listener = listener;
    this.stderr = stderr;
    this.maxLine = maxLine;
    this.stdin = new StdinWriter(describe(), process.getOutputStream(), oneClient);
    String name = "upstream-" + server + "-" + process.pid();
    pipeThread(name + "-err", PIPE_STACK).start(this::drainStderr);
    pipeThread(name + "-in", PIPE_STACK).start(stdin::run);
    pipeThread(name + "-out", READER_STACK).start(this::readLoop);
  }

  private static Thread.Builder pipeThread(String name, long stackSize) {
    return Thread.ofPlatform().name(name).daemon().stackSize(stackSize);
  }

  /** Spawns the child; throws {@link UpstreamException} naming the cause when it cannot be started. */
  public static StdioUpstream start(ServerSpec spec, int maxLine, StderrLog stderr, Listener listener) {
    return new StdioUpstream(spec.name(), spawn(spec), listener, stderr, maxLine,
        spec.policy().sharing() != Sharing.SHARED);
  }

  static Process spawn(ServerSpec spec) {
    Path cwd = cwd(spec);
    Path executable = executable(spec).orElseThrow(() -> new UpstreamException(spec.name(),
        "MCP server '" + spec.name() + "': " + notFound(spec)));
    List<String> argv = new ArrayList<>();
    argv.add(executable.toString());
    argv.addAll(spec.args());
    ProcessBuilder builder = new ProcessBuilder(ProcessTrees.ownGroup(argv)).directory(cwd.toFile());
    builder.environment().putAll(spec.env());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UpstreamException(spec.name(), "MCP server '" + spec.name() + "' could not start: " + e.getMessage(),
          e);
    }
  }

  /** Where the server's command resolves now: on {@code PATH} for a bare name, else relative to its {@code cwd}. */
  static java.util.Optional<Path> executable(ServerSpec spec) {
    return CommandResolver.resolve(java.util.Objects.requireNonNull(spec.command()), spec.env(), cwd(spec));
  }

  /** Why {@link #executable} found nothing, e.g. {@code command not found: npx (searched PATH)}. */
  static String notFound(ServerSpec spec) {
    String command = java.util.Objects.requireNonNull(spec.command());
    boolean bare = !command.contains("/") && !command.contains(java.io.File.separator);
    return "command not found: " + command + (bare ? " (searched PATH)" : " (no executable file there)");
  }

  private static Path cwd(ServerSpec spec) {
    return spec.cwd() == null ? Path.of("").toAbsolutePath() : spec.cwd();
  }

  public long pid() {
    return process.pid();
  }

  /** Messages the senders wrote themselves, not through the writer thread. */
  long directWrites() {
    return stdin.directWrites();
  }

  @Override
  public boolean writeStalled(long now, long limitNanos) {
    return stdin.writeStalled(now, limitNanos);
  }

  ProcessHandle process() {
    return process.toHandle();
  }

  @Override
  public void send(Message message) {
    if (!isOpen()) {
      throw new UpstreamException(server, "MCP server '" + server + "' is not running");
    }
    if (!stdin.send(message)) {
      throw new UpstreamException(server, "MCP server '" + server + "' is not reading its input ("
          + StdinWriter.CAPACITY + " messages are waiting)");
    }
  }

  @Override
  public String describe() {
    return server + " (pid " + process.pid() + ")";
  }

  @Override
  public boolean isOpen() {
    return !closing.get() && process.isAlive();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitReader();
      return;
    }
    List<ProcessHandle> tree = ProcessTrees.snapshot(process.toHandle());
    stdin.close();
    if (!ProcessTrees.awaitExit(process, STDIN_GRACE)) {
      LOG.debug("{} did not exit after stdin closed; terminating", describe());
    }
    ProcessTrees.stop(process, tree, TERM_GRACE, TERM_GRACE);
    awaitReader();
  }

  private void awaitReader() {
    await(readerDone, TERM_GRACE);
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> done, Duration grace) {
    try {
      done.get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // still running: the caller goes on without it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readLoop() {
    try {
      LineReader lines = new LineReader(process.getInputStream(), maxLine);
      LineReader.Frame frame;
      while ((frame = lines.next()) != null) {
        handle(frame, lines);
      }
    } catch (IOException e) {
      LOG.debug("{} stdout ended: {}", describe(), e.toString());
    } finally {
      try {
        reportExit();
      } finally {
        readerDone.complete(null);
      }
    }
  }

  private void handle(LineReader.Frame frame, LineReader lines) {
    switch (frame) {
      case LineReader.Frame.TooLong tooLong -> tooLong(tooLong.length(), lines.truncatedStart());
      case LineReader.Frame.Line line -> {
        Message message;
        try {
          message = MessageCodec.parse(line.bytes());
        } catch (ProtocolException e) {
          report("wrote something that is not JSON-RPC to stdout (" + e.getMessage() + "): "
              + preview(line.bytes()));
          return;
        }
        acknowledge(message);
        listener.onMessage(message);
      }
    }
  }

  /** An answer proves the child read its request, and all it was sent before. */
  private void acknowledge(Message message) {
    switch (message) {
      case Message.Response r -> stdin.answered(r.id());
      case Message.ErrorResponse e when e.id() != null -> stdin.answered(e.id());
      default -> {}
    }
  }

  /**
   * An over-long line is skipped, but if it was an answer its request must not wait for a timeout: its id is read
   * from the start of the line and the request fails at once, naming the limit.
   */
  private void tooLong(long length, byte[] start) {
    String what = "wrote a line of " + length + " bytes to stdout, over gateway.limits.maxLineBytes (" + maxLine + ")";
    report(what + "; skipped");
    java.util.regex.Matcher id = ANSWER_ID.matcher(new String(start, StandardCharsets.UTF_8));
    if (id.find()) {
      RequestId requestId = id.group(2) != null ? RequestId.of(id.group(2)) : RequestId.of(Long.parseLong(id.group(3)));
      stdin.answered(requestId);
      listener.onMessage(Message.error(requestId, new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
          "MCP server '" + server + "' " + what)));
    }
  }

  private void report(String what) {
    LOG.warn("MCP server {} {}", describe(), what);
    stderr.append("[switchboard] stdout " + what);
    ownTail.append("[switchboard] stdout " + what);
  }

  private void reportExit() {
    Integer code = null;
    if (ProcessTrees.awaitExit(process, TERM_GRACE)) {
      code = process.exitValue();
    }
    await(drainerDone, Duration.ofMillis(200)); // so the error names the child's last words
    if (closedReported.compareAndSet(false, true)) {
      boolean expected = closing.get();
      String reason = expected ? "was stopped" : "exited unexpectedly";
      listener.onClosed(new UpstreamExit(server, code, reason, String.join("\n", ownTail.tail(10)), expected));
    }
  }

  private void drainStderr() {
    try (var err = process.getErrorStream()) {
      LineReader lines = new LineReader(err, MAX_STDERR_LINE);
      LineReader.Frame frame;
      while ((frame = lines.next()) != null) {
        String text = switch (frame) {
          case LineReader.Frame.Line line -> new String(line.bytes(), StandardCharsets.UTF_8);
          case LineReader.Frame.TooLong tooLong -> "[switchboard] a stderr line of " + tooLong.length()
              + " bytes was skipped";
        };
        stderr.append(text);
        ownTail.append(text);
      }
    } catch (IOException e) {
      LOG.debug("{} stderr ended: {}", describe(), e.toString());
    } finally {
      drainerDone.complete(null);
    }
  }

  private static String preview(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
    return bytes.length > 200 ? text + "…" : text;
  }
}
