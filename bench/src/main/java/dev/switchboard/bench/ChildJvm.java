package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server main ({@link GatewayMain} or {@link FloorServer}) in its own JVM, so its CPU and memory are its own. The
 * child prints {@code PORT n} once it listens and stops when its stdin closes, so it never outlives the bench.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int port;

  private ChildJvm(String name, Process process, int port) {
    this.name = name;
    this.process = process;
    this.port = port;
  }

  /** The JVM running the bench; children use the same one. */
  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static String classpath() {
    return System.getProperty("java.class.path");
  }

  /** The command line running {@code mainClass} in a new JVM with this bench's classpath. */
  static List<String> command(List<String> jvmOpts, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(jvmOpts);
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  static ChildJvm start(String name, List<String> jvmOpts, Class<?> main, List<String> args, Path logDir)
      throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process p = new ProcessBuilder(command(jvmOpts, main.getName(), args)).redirectError(Redirect.to(log.toFile()))
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        // JVM options may print to stdout first (e.g. -XX:StartFlightRecording): skip to the PORT line.
        for (String l; (l = out.readLine()) != null;) {
          if (l.startsWith("PORT ")) {
            return l;
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    try {
      line = first.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      line = null;
    }
    if (line == null || !line.startsWith("PORT ")) {
      p.destroyForcibly();
      throw new IOException(name + " did not start (first line " + line + "); see " + log);
    }
    return new ChildJvm(name, p, Integer.parseInt(line.substring(5).strip()));
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  String name() {
    return name;
  }

  /** Live child processes of this JVM (for the gateway: its stdio servers). */
  long liveChildren() {
    return process.toHandle().children().filter(ProcessHandle::isAlive).count();
  }

  /** Waits until this JVM has no child processes, up to {@code millis}; true when it has none. */
  boolean awaitNoChildren(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (liveChildren() > 0) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until stdin ends (the bench closed it or died); what a child main calls after printing its port. */
  static void awaitStdinEof() {
    try {
      byte[] sink = new byte[256];
      while (System.in.read(sink) >= 0) {
        // ignore
      }
    } catch (IOException e) {
      // treat as EOF
    }
  }
}
