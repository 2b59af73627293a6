package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Chromium;
import dev.switchboard.testing.DevTools;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Not a check but the README's pictures of the status page, taken from the real page: a gateway with two fixture
 * servers and a group over them, three live sessions and a few calls (one failing, one writing to stderr), shot by
 * headless Chromium at desktop and phone width into {@code -Dscreenshot=DIR} (run from {@code server/}, so
 * {@code ../docs}). Skipped without that property; the README gives the command.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@EnabledIfSystemProperty(named = "screenshot", matches = ".+")
class StatusPageScreenshotIT {
  @Test
  void shootTheStatusPage(@TempDir Path dir) throws Exception {
    assumeTrue(Chromium.installed(), "chromium is not installed (Debian package 'chromium')");
    Path out = Path.of(System.getProperty("screenshot"));
    try (TestGateway gateway = gateway(); Chromium chromium = Chromium.start(dir)) {
      Clients clients = workload(gateway);
      DevTools page = chromium.page();
      shoot(page, gateway, clients, 1000, 1, false, out.resolve("status-page.png"));
      shoot(page, gateway, clients, 390, 2, true, out.resolve("status-page-phone.png"));
    }
  }

  private static TestGateway gateway() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("notes", Fixtures.server(Fixtures.CONFORMANCE));
    servers.set("tools", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    return TestGateway.start(servers, gw -> gw.putObject("groups").putObject("dev").putArray("servers").add("notes")
        .add("tools"));
  }

  /** The live sessions the pictures show. */
  private record Clients(StreamableSession notes, StreamableSession tools) {
    /** Calls between two of the page's polls, so its calls/s is a figure. */
    void more(int from) throws Exception {
      for (int i = 0; i < 4; i++) {
        notes.call(from + i, "echo", Json.object().put("text", "again " + i));
        tools.call(from + i, "echo", Json.object().put("text", "again " + i));
      }
    }
  }

  /** Three sessions, some quick calls, some slower ones, a failed call and a line on a server's stderr. */
  private static Clients workload(TestGateway gateway) throws Exception {
    StreamableSession notes = StreamableClient.at(gateway.baseUrl(), "notes").open(StreamableClient.VERSION,
        "desktop-app");
    StreamableSession tools = StreamableClient.at(gateway.baseUrl(), "tools").open(StreamableClient.VERSION,
        "ide-plugin");
    StreamableSession group = StreamableClient.at(gateway.baseUrl(), "dev").open(StreamableClient.VERSION,
        "cli-agent");
    for (int i = 0; i < 6; i++) {
      notes.call(10 + i, "echo", Json.object().put("text", "note " + i));
      tools.call(10 + i, "slow", Json.object().put("ms", 20 + 10 * i).put("steps", 1));
    }
    tools.call(30, "test_error_handling", Json.object());
    notes.call(31, "no_such_tool", Json.object());
    notes.call(32, "log_to_stderr", Json.object().put("text", "notes: index rebuilt (128 documents)"));
    group.post(dev.switchboard.testing.Messages.request(33, "tools/list", null));
    return new Clients(notes, tools);
  }

  /** Loads the page at {@code width} CSS pixels, waits for real figures and writes the whole page as a PNG. */
  private static void shoot(DevTools page, TestGateway gateway, Clients clients, int width, int scale, boolean mobile,
      Path png) throws Exception {
    page.call("Emulation.setDeviceMetricsOverride", Json.object().put("width", width).put("height", 800)
        .put("deviceScaleFactor", scale).put("mobile", mobile));
    page.navigate(gateway.baseUrl() + "/ui");
    page.awaitText("#log", t -> t.contains("index rebuilt"));
    page.awaitText("#sessions", t -> t.contains("cli-agent"));
    clients.more(100 + width);
    page.awaitText("#servers tr[data-name=\"notes\"] td[data-k=\"rate\"]", t -> t.matches("[0-9.]+")
        && Double.parseDouble(t) > 0);
    double height = page.evaluate("document.documentElement.scrollHeight").asDouble();
    ObjectNode clip = Json.object().put("x", 0).put("y", 0).put("width", width).put("height", height)
        .put("scale", 1);
    String data = page.call("Page.captureScreenshot", Json.object().put("format", "png")
        .put("captureBeyondViewport", true).set("clip", clip)).path("data").asString();
    byte[] bytes = Base64.getDecoder().decode(data);
    assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).as("a PNG").isEqualTo("PNG");
    Files.write(png, bytes);
  }
}
