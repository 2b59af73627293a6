package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.testing.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted workload, then a scrape that Prometheus's own {@code promtool check metrics} (Debian package
 * {@code prometheus}, which {@code .ci/run} installs) accepts, holding exactly the counts the workload implies (a
 * shared child pinned once among them); the alert rules pass {@code promtool check rules}, and every metric the
 * dashboard and the rules name is one the scrape declares.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PromtoolIT {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Path DASHBOARD = Path.of("../docs/monitoring/grafana-dashboard.json");
  private static final Path ALERTS = Path.of("../docs/monitoring/alerts.yml");

  @Test
  void aScrapeAfterAWorkloadPassesPromtoolWithExactCounts(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (Debian package 'prometheus'); "
        + ".ci/run installs it with apt-get");
    String body;
    try (TestGateway gateway = TestGateway.withFixture(f -> f.put("sharing", "shared"));
        var client = new MetricsIT.Calls(gateway.mcpUrl("fixture"))) {
      for (int i = 0; i < 3; i++) {
        client.call("echo", Json.object().put("text", "n" + i));
      }
      client.call("test_error_handling", Json.object());
      client.call("test_error_handling", Json.object());
      client.call("no_such_tool", Json.object());
      pinOnce(gateway);
      body = scrape(gateway);
    }
    Path scrape = Files.writeString(dir.resolve("scrape.txt"), body);
    assertThat(promtool(dir, scrape, "check", "metrics")).as("promtool check metrics").isEqualTo("exit 0: ");

    // the shared child's handshake ran once, when it started; the gateway answers every session's initialize itself
    Map<String, Double> requests = samples(body, "switchboard_requests_total{");
    assertThat(requests).containsExactlyInAnyOrderEntriesOf(Map.of(
        "{method=\"tools/call\",outcome=\"ok\",server=\"fixture\",tool=\"echo\"}", 4.0,
        "{method=\"tools/call\",outcome=\"ok\",server=\"fixture\",tool=\"log_echo\"}", 2.0,
        "{method=\"tools/call\",outcome=\"tool_error\",server=\"fixture\",tool=\"test_error_handling\"}", 2.0,
        "{method=\"tools/call\",outcome=\"error\",server=\"fixture\",tool=\"no_such_tool\"}", 1.0));
    assertThat(samples(body, "switchboard_request_duration_seconds_count{")).containsExactlyInAnyOrderEntriesOf(
        Map.of("{method=\"tools/call\",server=\"fixture\"}", 9.0));
    assertThat(samples(body, "switchboard_children_pins_total{")).containsExactlyEntriesOf(Map.of(
        "{server=\"fixture\"}", 1.0));
    assertThat(samples(body, "switchboard_children_pinned_wait_seconds_count{")).as("b's echo, queued behind a")
        .containsExactlyEntriesOf(Map.of("{server=\"fixture\"}", 1.0));
    assertThat(promtool(dir, null, "check", "rules", ALERTS.toString())).as("promtool check rules")
        .startsWith("exit 0: ");
    assertThat(families(body)).as("the metrics the dashboard and the alert rules name, every one in the scrape")
        .containsAll(named(Files.readString(DASHBOARD) + Files.readString(ALERTS)));
  }

  /**
   * Pins the shared child once: a log message the child sends while two sessions have calls in flight could belong
   * to either. Session b's next call then waits in line until a's (still running) has finished.
   */
  private static void pinOnce(TestGateway gateway) throws Exception {
    try (var a = new MetricsIT.Calls(gateway.mcpUrl("fixture"));
        var b = new MetricsIT.Calls(gateway.mcpUrl("fixture"))) {
      CompletableFuture<Message> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return a.call("log_echo", Json.object().put("text", "a").put("delayMs", 5000));
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, runnable -> Thread.ofVirtual().start(runnable));
      Awaitility.await("a's call in the child").atMost(Duration.ofSeconds(30)).until(() -> samples(scrape(gateway),
          "switchboard_requests_in_flight{").getOrDefault("{server=\"fixture\"}", 0.0) == 1.0);
      assertThat(b.call("log_echo", Json.object().put("text", "b"))).isInstanceOf(Message.Response.class);
      assertThat(b.call("echo", Json.object().put("text", "queued"))).isInstanceOf(Message.Response.class);
      assertThat(slow.get(60, TimeUnit.SECONDS)).isInstanceOf(Message.Response.class);
    }
  }

  private static String scrape(TestGateway gateway) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    try {
      return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } finally {
      http.shutdownNow();
    }
  }

  /** The metric families a scrape declares ({@code # TYPE} lines). */
  private static Set<String> families(String body) {
    return body.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).collect(Collectors.toSet());
  }

  /** The Switchboard metric families an expression text names (a histogram's series by their family). */
  private static Set<String> named(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("switchboard_[a-z_]+").matcher(text);
    while (m.find()) {
      out.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
    }
    return out;
  }

  /** promtool's verdict: its exit code and whatever it printed; {@code input} (if any) is its stdin. */
  private static String promtool(Path dir, @Nullable Path input, String... args) throws IOException,
      InterruptedException {
    Path out = dir.resolve("promtool.out");
    List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.redirectInput(input == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
        : ProcessBuilder.Redirect.from(input.toFile()));
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return "exit " + p.exitValue() + ": " + Files.readString(out, StandardCharsets.UTF_8).strip();
  }

  /** The samples of one metric family (the text format writes counters as 1.0, counts as 1), by label set. */
  private static Map<String, Double> samples(String body, String prefix) {
    Map<String, Double> out = new TreeMap<>();
    body.lines().filter(l -> l.startsWith(prefix)).forEach(l -> {
      int space = l.lastIndexOf(' ');
      out.put(l.substring(prefix.length() - 1, space), Double.parseDouble(l.substring(space + 1)));
    });
    return out;
  }
}
