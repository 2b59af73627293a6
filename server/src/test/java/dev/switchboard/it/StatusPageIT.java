package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status page in a real browser: headless Chromium (Debian package {@code chromium}) loads {@code /ui}, runs its
 * script and the DOM it leaves shows the configured server, the live session, the calls made in between, the failed
 * one among recent errors, the server's stderr, and a child restarted after a crash.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatusPageIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void thePageShowsServersALiveSessionCallsErrorsAndStderr(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (Debian package 'chromium'); "
        + "install it to run the status page in a browser");
    try (TestGateway gateway = TestGateway.withFixture()) {
      StreamableSession session = new StreamableClient(gateway.mcpUrl("fixture")).open("2025-06-18");
      String first = dom(gateway.baseUrl() + "/ui", dir);
      assertThat(first).contains("data-name=\"fixture\"").contains(">raw-it 1<").contains(">streamable-http<")
          .contains(">" + session.id().substring(0, 8) + "<");
      assertThat(calls(first)).as("initialize").isEqualTo(1);

      session.call(2, "echo", Json.object().put("text", "a"));
      session.call(3, "no_such_tool", Json.object());
      session.call(4, "log_to_stderr", Json.object().put("text", "hello-from-stderr"));
      String second = dom(gateway.baseUrl() + "/ui", dir);
      assertThat(calls(second)).isEqualTo(4);
      assertThat(second).containsPattern("<td data-k=\"tool\">no_such_tool</td><td data-k=\"outcome\">error</td>"
          + "<td class=\"n\" data-k=\"code\">-32602</td>");
      assertThat(second).containsPattern("<pre id=\"log\" class=\"log\" data-server=\"fixture\">[^<]*"
          + "hello-from-stderr");
      assertThat(restarts(second)).isZero();

      long pid = session.whoami(5); // the session's child crashes; the next session's child is a restart
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).hasValue(true);
      org.awaitility.Awaitility.await("the gateway saw the crash").atMost(java.time.Duration.ofSeconds(30))
          .until(() -> gateway.daemon().gateway().childCounts().get("fixture")
              .ended(dev.switchboard.upstream.ChildCounts.Ending.CRASHED) == 1);
      new StreamableClient(gateway.mcpUrl("fixture")).open("2025-06-18");
      assertThat(restarts(dom(gateway.baseUrl() + "/ui", dir))).isEqualTo(1);

      HttpResponse<String> root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(gateway.baseUrl() + "/")).header("Accept", "text/html").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(root.statusCode()).isEqualTo(302);
      assertThat(root.headers().firstValue("Location")).contains("/ui");
    }
  }

  @Test
  void withKeysTheDataNeedsAnAdminScopedKeyButThePageDoesNot() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", dev.switchboard.testing.Fixtures.server(dev.switchboard.testing.Fixtures.CONFORMANCE));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      var keys = gw.putObject("auth").putArray("keys");
      keys.addObject().put("name", "user").put("key", "user-secret-0123456789ab").putArray("servers").add("fixture");
      keys.addObject().put("name", "ops").put("key", "ops-secret-0123456789abcd").putArray("servers").add("admin");
    })) {
      assertThat(get(gateway, "/ui", null).statusCode()).isEqualTo(200);
      assertThat(get(gateway, "/ui/status.json", null).statusCode()).isEqualTo(401);
      assertThat(get(gateway, "/ui/status.json", "user-secret-0123456789ab").statusCode()).isEqualTo(403);
      assertThat(get(gateway, "/ui/logs?server=fixture", "user-secret-0123456789ab").statusCode()).isEqualTo(403);
      HttpResponse<String> ops = get(gateway, "/ui/status.json", "ops-secret-0123456789abcd");
      assertThat(ops.statusCode()).isEqualTo(200);
      assertThat(Json.parse(ops.body()).path("servers").path(0).path("name").asString()).isEqualTo("fixture");
      assertThat(get(gateway, "/ui/logs?server=ghost", "ops-secret-0123456789abcd").statusCode()).isEqualTo(404);
    }
  }

  /**
   * The page's actions are POSTs that need an {@code admin}-scoped key (or the daemon's admin token): restarting a
   * server gives its next session a new child; a GET, another key or no key is refused; an embedded gateway has no
   * file to reload.
   */
  @Test
  void actionsRestartAServerOnlyForAnAdminKeyAndOnlyByPost() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", dev.switchboard.testing.Fixtures.server(dev.switchboard.testing.Fixtures.CONFORMANCE)
        .put("sharing", "shared"));
    String user = "user-secret-0123456789ab";
    String ops = "ops-secret-0123456789abcd";
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      var keys = gw.putObject("auth").putArray("keys");
      keys.addObject().put("name", "user").put("key", user).putArray("servers").add("fixture");
      keys.addObject().put("name", "ops").put("key", ops).putArray("servers").add("admin");
    })) {
      long before = whoami(gateway, user);
      assertThat(whoami(gateway, user)).as("one shared child").isEqualTo(before);
      String restart = "/ui/actions/restart?server=fixture";
      assertThat(post(gateway, restart, null).statusCode()).isEqualTo(401);
      assertThat(post(gateway, restart, user).statusCode()).isEqualTo(403);
      assertThat(get(gateway, restart, ops).statusCode()).isEqualTo(405);
      assertThat(post(gateway, "/ui/actions/restart?server=ghost", ops).statusCode()).isEqualTo(404);
      assertThat(post(gateway, "/ui/actions/reload", ops).statusCode()).isEqualTo(404);
      HttpResponse<String> done = post(gateway, restart, ops);
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      assertThat(Json.parse(done.body()).path("restarted").asString()).isEqualTo("fixture");
      assertThat(whoami(gateway, user)).as("a new child after the restart").isNotEqualTo(before);
    }
  }

  /**
   * Another site's page cannot make a browser that holds an admin key act: a restart POSTed with a foreign
   * {@code Origin} is refused by the Origin check with 403, and the server's child carries on.
   */
  @Test
  void aRestartFromAForeignOriginIsRefusedAndRestartsNothing() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", dev.switchboard.testing.Fixtures.server(dev.switchboard.testing.Fixtures.CONFORMANCE)
        .put("sharing", "shared"));
    String ops = "ops-secret-0123456789abcd";
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("auth").putArray("keys").addObject()
        .put("name", "ops").put("key", ops).putArray("servers").add("admin").add("fixture"))) {
      long before = whoami(gateway, ops);
      HttpResponse<String> refused = post(gateway, "/ui/actions/restart?server=fixture", ops,
          Map.of("Origin", "https://attacker.example"));
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(refused.body()).contains("Origin 'https://attacker.example' is not allowed");
      assertThat(whoami(gateway, ops)).as("the same child still serves").isEqualTo(before);
    }
  }

  /** A new session with {@code key} on the fixture, and the pid of the child that answers its {@code whoami}. */
  private static long whoami(TestGateway gateway, String key) throws Exception {
    return new StreamableClient(gateway.mcpUrl("fixture"), Map.of("Authorization", "Bearer " + key))
        .open("2025-06-18").whoami(2);
  }

  private static HttpResponse<String> post(TestGateway gateway, String path, String key) throws Exception {
    return post(gateway, path, key, Map.of());
  }

  private static HttpResponse<String> post(TestGateway gateway, String path, String key, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
        .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(TestGateway gateway, String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int calls(String dom) {
    return figure(dom, "calls");
  }

  private static int restarts(String dom) {
    return figure(dom, "restarts");
  }

  /** The number in the fixture row's cell {@code key}. */
  private static int figure(String dom, String key) {
    Matcher m = Pattern.compile("<tr data-name=\"fixture\">.*?data-k=\"" + key + "\">(\\d+)<").matcher(dom);
    assertThat(m.find()).as("a %s cell for fixture in %s", key, dom).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The DOM after the page's script has fetched its data (virtual time lets the fetch finish first). */
  private static String dom(String url, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "dom", ".html");
    Path log = dir.resolve("chromium.log");
    Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom",
        url)).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    return Files.readString(out);
  }
}
