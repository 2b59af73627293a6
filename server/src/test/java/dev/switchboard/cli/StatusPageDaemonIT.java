package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Chromium;
import dev.switchboard.testing.DevTools;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.StreamableClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status page's buttons clicked in headless Chromium on a daemon started by the CLI with a config file and no
 * keys: the data is open, an action asks once for the admin token (from {@code state.json}, as a user would copy
 * it), the tab keeps it, Restart gives the server a new child and Reload config re-reads the file and says whether
 * the file could be used.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StatusPageDaemonIT {
  private static final String RESTART = "#servers tr[data-name=\"fixture\"] button";

  @TempDir
  Path home;

  @TempDir
  Path browser;

  Cli cli;

  @AfterEach
  void stopDaemon() throws Exception {
    if (cli != null) {
      cli.run("stop", "--timeout", "10s");
    }
  }

  @Test
  void restartAsksForTheTokenOnceAndReloadReportsTheFile() throws Exception {
    assumeTrue(Chromium.installed(), "chromium is not installed (Debian package 'chromium'); "
        + "install it to click through the status page in a browser");
    Path file = home.resolve("config.json");
    Files.write(file, Json.bytes(config(false)));
    cli = new Cli(home);
    Cli.Result started = cli.run("start", "--port", "0");
    assertThat(started.exit()).as(started.err()).isZero();
    StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
    try (Chromium chromium = Chromium.start(browser)) {
      DevTools page = chromium.page();
      page.answerPrompts(state.adminToken());
      page.navigate(state.url() + "/ui");
      page.awaitText(RESTART, "Restart"::equals);
      assertThat(page.dialogs()).as("the data needs no key").isEmpty();

      long before = whoami(state);
      assertThat(whoami(state)).as("one shared child").isEqualTo(before);
      page.click(RESTART);
      assertThat(action(page)).isEqualTo("restart fixture: done");
      assertThat(page.dialogs()).containsExactly(
          "Admin token, or an API key with the \"admin\" scope, to restart fixture:");
      long after = whoami(state);
      assertThat(after).as("a new child").isNotEqualTo(before);

      page.click(RESTART);
      assertThat(action(page)).isEqualTo("restart fixture: done");
      assertThat(whoami(state)).as("another new child").isNotEqualTo(after);

      Files.writeString(file, "{\"mcpServers\": {\"fixture\": ");
      page.click("#reload");
      assertThat(action(page)).startsWith("reload the configuration: failed — ").contains(file.toString());

      Files.write(file, Json.bytes(config(true)));
      page.click("#reload");
      assertThat(action(page)).isEqualTo("reload the configuration: done");
      page.awaitText("#servers tr[data-name=\"second\"] td", "second"::equals);
      assertThat(page.dialogs()).as("the tab kept the token").hasSize(1);
    }
  }

  private static ObjectNode config(boolean second) {
    ObjectNode config = Json.object();
    ObjectNode servers = config.putObject("mcpServers");
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    if (second) {
      servers.set("second", Fixtures.server(Fixtures.CONFORMANCE));
    }
    return config;
  }

  /** The outcome the page shows for the click just made (the line is cleared first). */
  private static String action(DevTools page) {
    String shown = page.awaitText("#action", t -> !t.isEmpty());
    page.evaluate("document.getElementById('action').textContent = ''");
    return shown;
  }

  private static long whoami(StateFile state) throws Exception {
    return new StreamableClient(state.url() + "/mcp/fixture").open("2025-06-18").whoami(2);
  }
}
