package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Headless Chromium (Debian package {@code chromium}) with its DevTools endpoint on a port it picks, and the
 * {@link DevTools} of its one page. Its stdin is {@code /dev/null} and its output a file; {@link #close} kills it
 * and its helper processes and waits. For one test thread.
 */
public final class Chromium implements AutoCloseable {
  public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final DevTools page;

  private Chromium(Process process, Path profile, DevTools page) {
    this.process = process;
    this.profile = profile;
    this.page = page;
  }

  public static boolean installed() {
    return Files.isExecutable(EXECUTABLE);
  }

  /** Starts a browser with a fresh profile under {@code dir} and connects to its blank page. */
  public static Chromium start(Path dir) throws IOException {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Process process = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--window-size=1280,900",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "about:blank")).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    try {
      return new Chromium(process, profile, DevTools.connect(pageTarget(process, profile)));
    } catch (RuntimeException | IOException e) {
      kill(process);
      throw e;
    }
  }

  public DevTools page() {
    return page;
  }

  /** The page's WebSocket, from {@code /json} on the port Chromium wrote to {@code DevToolsActivePort}. */
  private static URI pageTarget(Process process, Path profile) throws IOException {
    Path portFile = profile.resolve("DevToolsActivePort");
    await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("chromium exited with " + process.exitValue());
      }
      return Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2;
    });
    String port = Files.readAllLines(portFile).get(0).strip();
    JsonNode targets = await().atMost(STARTUP).until(() -> targets(port), t -> pages(t).length > 0);
    return URI.create(pages(targets)[0]);
  }

  private static JsonNode targets(String port) throws IOException, InterruptedException {
    HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/json")).timeout(STARTUP).build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.parse(list.body());
  }

  private static String[] pages(JsonNode targets) {
    return targets.valueStream().filter(t -> t.path("type").asString("").equals("page"))
        .map(t -> t.path("webSocketDebuggerUrl").asString()).toArray(String[]::new);
  }

  @Override
  public void close() {
    try {
      page.close();
    } finally {
      kill(process);
      unlink(profile);
    }
  }

  /**
   * Chromium's singleton links point into a directory of its own under {@code /tmp}, which a killed browser leaves
   * behind: both go, and the test's temporary directory is then removed quietly.
   */
  private static void unlink(Path profile) {
    try {
      Path socket = profile.resolve("SingletonSocket");
      if (Files.isSymbolicLink(socket)) {
        Path own = Files.readSymbolicLink(socket).getParent();
        if (own != null && own.getFileName().toString().startsWith("org.chromium.Chromium.")) {
          try (var files = Files.list(own)) {
            for (Path f : files.toList()) {
              Files.deleteIfExists(f);
            }
          }
          Files.deleteIfExists(own);
        }
      }
      for (String name : List.of("SingletonLock", "SingletonSocket", "SingletonCookie")) {
        Files.deleteIfExists(profile.resolve(name));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
