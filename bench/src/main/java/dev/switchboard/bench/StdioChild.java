package dev.switchboard.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The direct baseline: one stdio MCP child (the conformance fixture) spawned by the bench and driven over its pipes
 * by one thread, writing the same request bytes the HTTP clients post, one per line. Not thread safe.
 */
final class StdioChild implements EchoSession {
  private final Process process;
  private final OutputStream stdin;
  private final ByteReader stdout;

  private StdioChild(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stdout = new ByteReader(process.getInputStream(), 16 * 1024);
  }

  /** Spawns the child; its stderr is discarded (the fixture logs there). */
  static StdioChild spawn(List<String> command) throws IOException {
    return new StdioChild(new ProcessBuilder(command).redirectError(Redirect.DISCARD).start());
  }

  /** initialize (id 0) then notifications/initialized; returns {@link System#nanoTime} when the answer was read. */
  long handshake() throws IOException {
    byte[] answer = request(Wire.initialize(0), 0);
    long answered = System.nanoTime();
    Wire.expectResult(answer, answer.length, 0, "initialize");
    send(Wire.INITIALIZED);
    return answered;
  }

  @Override
  public void echo(long id) throws IOException {
    send(Wire.echoCall(id));
    while (true) {
      int n = stdout.readLine();
      if (n < 0) {
        throw new IOException("child " + process.pid() + " closed stdout");
      }
      if (Wire.idOf(stdout.line(), n) == id) {
        Wire.expectResult(stdout.line(), n, id, "tools/call");
        return;
      }
      // a notification or a stray line: keep reading
    }
  }

  private byte[] request(byte[] body, long id) throws IOException {
    send(body);
    while (true) {
      int n = stdout.readLine();
      if (n < 0) {
        throw new IOException("child " + process.pid() + " closed stdout");
      }
      if (Wire.idOf(stdout.line(), n) == id) {
        return stdout.lineCopy();
      }
    }
  }

  private void send(byte[] line) throws IOException {
    stdin.write(line);
    stdin.write('\n');
    stdin.flush();
  }

  @Override
  public long childPid() {
    return process.pid();
  }

  /** Closes stdin (the fixture exits on EOF) and waits for the exit, killing it after 10 s. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // it may be gone already
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
