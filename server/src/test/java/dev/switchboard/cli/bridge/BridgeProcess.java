package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.LineReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * {@code switchboard bridge} as a real child JVM from the test class path, driven over pipes the way a desktop client
 * drives it: its stdin and stdout are pipes (never the test JVM's), its stderr goes to a file. A platform thread reads
 * stdout and insists that every line is one JSON-RPC message; anything else is kept as garbage for the test to see.
 */
final class BridgeProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  private final List<Message> seen = new CopyOnWriteArrayList<>();
  final List<String> garbage = new CopyOnWriteArrayList<>();

  private BridgeProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread.ofPlatform().daemon().name("bridge-it-stdout").start(this::read);
  }

  static BridgeProcess start(Path home, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Fixtures.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.switchboard.cli.Main", "bridge"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SWITCHBOARD_HOME", home.toString());
    pb.environment().remove("SWITCHBOARD_API_KEY");
    return launch(pb, home);
  }

  /** Any other stdio MCP server process (e.g. {@code mcp-remote}), driven the same way; its stderr in {@code dir}. */
  static BridgeProcess launch(ProcessBuilder pb, Path dir) throws IOException {
    Path stderr = Files.createTempFile(dir, "stdio-peer", ".err");
    return new BridgeProcess(pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE)
        .redirectError(stderr.toFile()).start(), stderr);
  }

  private void read() {
    LineReader lines = new LineReader(process.getInputStream(), 64 * 1024 * 1024);
    try {
      LineReader.Frame frame;
      while ((frame = lines.next()) != null) {
        if (frame instanceof LineReader.Frame.Line line) {
          take(line.bytes());
        } else {
          garbage.add("an over-long line");
        }
      }
    } catch (IOException e) {
      // "Stream closed" is the JDK closing our end — Process.destroy() closes the streams, and the reaper drains and
      // closes them when the process exits — under a reader still blocked in it: the end of the stream, not a break.
      if (process.isAlive() && !"Stream closed".equals(e.getMessage())) {
        garbage.add("stdout broke: " + e);
      }
    }
  }

  private void take(byte[] line) {
    try {
      Message message = MessageCodec.parse(line);
      seen.add(message);
      received.add(message);
    } catch (RuntimeException e) {
      garbage.add(new String(line, StandardCharsets.UTF_8));
    }
  }

  void send(Message message) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(message.bytes());
    in.write('\n');
    in.flush();
  }

  void sendRaw(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Sends a request and returns its answer (a response or an error). */
  Message call(long id, String method, JsonNode params) throws Exception {
    send(Message.request(RequestId.of(id), method, params));
    return next(m -> answers(m, RequestId.of(id)));
  }

  Message.Response initialize() throws Exception {
    Message answer = call(1, "initialize", Json.parse("""
        {"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bridge-it","version":"1"}}"""));
    send(Message.notification("notifications/initialized", null));
    return (Message.Response) answer;
  }

  /** The next message (in arrival order) that matches, skipping others. */
  Message next(Predicate<Message> wanted) throws InterruptedException {
    while (true) {
      Message message = received.poll(60, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no matching message from the bridge; its stderr:\n" + stderr());
      }
      if (wanted.test(message)) {
        return message;
      }
    }
  }

  List<Message> seen() {
    return List.copyOf(seen);
  }

  static boolean answers(Message message, RequestId id) {
    return message instanceof Message.Response r && r.id().equals(id)
        || message instanceof Message.ErrorResponse e && id.equals(e.id());
  }

  /** Closes the bridge's stdin, as a client that quits does, and waits for its exit code. */
  int endInput() throws Exception {
    process.getOutputStream().close();
    return process.onExit().get(30, TimeUnit.SECONDS).exitValue();
  }

  Process process() {
    return process;
  }

  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
