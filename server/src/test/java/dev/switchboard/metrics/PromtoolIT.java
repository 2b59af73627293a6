package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted workload, then a scrape that Prometheus's own {@code promtool check metrics} (Debian package
 * {@code prometheus}, which {@code .ci/run} installs) accepts, holding exactly the counts the workload implies.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PromtoolIT {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @Test
  void aScrapeAfterAWorkloadPassesPromtoolWithExactCounts(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (Debian package 'prometheus'); "
        + ".ci/run installs it with apt-get");
    String body;
    try (TestGateway gateway = TestGateway.withFixture(); var client = new MetricsIT.Calls(gateway.mcpUrl("fixture"))) {
      for (int i = 0; i < 3; i++) {
        client.call("echo", Json.object().put("text", "n" + i));
      }
      client.call("test_error_handling", Json.object());
      client.call("test_error_handling", Json.object());
      client.call("no_such_tool", Json.object());
      body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
    Path scrape = Files.writeString(dir.resolve("scrape.txt"), body);
    assertThat(promtool(scrape, dir)).as("promtool check metrics").isEqualTo("exit 0: ");

    Map<String, Double> requests = samples(body, "switchboard_requests_total{");
    assertThat(requests).containsExactlyInAnyOrderEntriesOf(Map.of(
        "{method=\"initialize\",outcome=\"ok\",server=\"fixture\",tool=\"\"}", 1.0,
        "{method=\"tools/call\",outcome=\"ok\",server=\"fixture\",tool=\"echo\"}", 3.0,
        "{method=\"tools/call\",outcome=\"tool_error\",server=\"fixture\",tool=\"test_error_handling\"}", 2.0,
        "{method=\"tools/call\",outcome=\"error\",server=\"fixture\",tool=\"no_such_tool\"}", 1.0));
    assertThat(samples(body, "switchboard_request_duration_seconds_count{")).containsExactlyInAnyOrderEntriesOf(
        Map.of("{method=\"initialize\",server=\"fixture\"}", 1.0, "{method=\"tools/call\",server=\"fixture\"}", 6.0));
  }

  /** promtool's verdict on the scrape: its exit code and whatever it printed (nothing when the scrape is clean). */
  private static String promtool(Path scrape, Path dir) throws IOException, InterruptedException {
    Path out = dir.resolve("promtool.out");
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectInput(scrape.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
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
