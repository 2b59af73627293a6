package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Chromium;
import dev.switchboard.testing.DevTools;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status page's actions clicked in a real browser (headless Chromium over the DevTools protocol): the page's own
 * script asks for a key when its request is refused, keeps it for the tab and shows the outcome in {@code #action}.
 * Here on an embedded gateway; {@code StatusPageDaemonIT} clicks them on a daemon with a config file and a token.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatusPageClicksIT {
  private static final String USER = "user-secret-0123456789ab";
  private static final String OPS = "ops-secret-0123456789abcd";
  private static final String RESTART = "#servers tr[data-name=\"fixture\"] button";

  @TempDir
  Path dir;

  @BeforeEach
  void needsChromium() {
    assumeTrue(Chromium.installed(), "chromium is not installed (Debian package 'chromium'); "
        + "install it to click through the status page in a browser");
  }

  /**
   * With keys, the page asks for one as it loads, again while the key it got cannot read the data; once an
   * {@code admin} key is kept, Restart and a second Restart need no more asking and give the server a new child, and
   * Reload config explains that an embedded gateway has no file to reload.
   */
  @Test
  void withKeysThePageAsksUntilItHasAnAdminKeyThenItsButtonsAct() throws Exception {
    try (TestGateway gateway = sharedFixture(gw -> {
      var keys = gw.putObject("auth").putArray("keys");
      keys.addObject().put("name", "user").put("key", USER).putArray("servers").add("fixture");
      keys.addObject().put("name", "ops").put("key", OPS).putArray("servers").add("admin");
    }); Chromium chromium = Chromium.start(dir)) {
      DevTools page = chromium.page();
      page.answerPrompts(USER, OPS);
      page.navigate(gateway.baseUrl() + "/ui");
      page.awaitText("#problem", p -> p.contains("needs an API key with the \"admin\" scope (HTTP 403)"));
      page.awaitText(RESTART, "Restart"::equals);
      assertThat(page.dialogs()).containsExactly("API key with the \"admin\" scope:",
          "API key with the \"admin\" scope:");

      long before = whoami(gateway, USER);
      page.click(RESTART);
      assertThat(awaitAction(page)).isEqualTo("restart fixture: done");
      long after = whoami(gateway, USER);
      assertThat(after).as("a new child").isNotEqualTo(before);

      clearAction(page);
      page.click(RESTART);
      assertThat(awaitAction(page)).isEqualTo("restart fixture: done");
      assertThat(whoami(gateway, USER)).as("another new child").isNotEqualTo(after);

      clearAction(page);
      page.click("#reload");
      assertThat(awaitAction(page)).startsWith("reload the configuration: HTTP 404 ")
          .contains("this gateway has no configuration file to reload");
      assertThat(page.dialogs()).as("no more asking: the tab kept the key").hasSize(2);
    }
  }

  /**
   * A user who cancels the key prompt is not asked again every two seconds: the page stops asking and offers a
   * button that asks once more.
   */
  @Test
  void aCancelledKeyPromptStopsTheAskingUntilTheUserAsksToEnterOne() throws Exception {
    try (TestGateway gateway = sharedFixture(gw -> gw.putObject("auth").putArray("keys").addObject()
        .put("name", "ops").put("key", OPS).putArray("servers").add("admin"));
        Chromium chromium = Chromium.start(dir)) {
      DevTools page = chromium.page();
      page.navigate(gateway.baseUrl() + "/ui"); // no answers queued: the prompt is cancelled
      page.awaitText("#enter-key", "Enter key"::equals);
      assertThat(page.text("#problem")).contains("needs an API key with the \"admin\" scope (HTTP 401)");
      await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> page.dialogs().size() == 1);

      page.answerPrompts(OPS);
      page.click("#enter-key");
      page.awaitText(RESTART, "Restart"::equals);
      assertThat(page.dialogs()).hasSize(2);
      assertThat(page.evaluate("document.getElementById('problem').hidden").asBoolean(false)).isTrue();
    }
  }

  /**
   * Without keys the data is open but an action needs the admin token, which an embedded gateway does not have: a
   * click asks once, retries once with what was typed and shows the refusal; the child is left alone.
   */
  @Test
  void aRefusedKeyShowsTheRefusalAndRestartsNothing() throws Exception {
    try (TestGateway gateway = sharedFixture(gw -> {}); Chromium chromium = Chromium.start(dir)) {
      DevTools page = chromium.page();
      page.answerPrompts("not-the-token");
      page.navigate(gateway.baseUrl() + "/ui");
      page.awaitText(RESTART, "Restart"::equals);
      long before = whoami(gateway, null);

      page.click(RESTART);
      assertThat(awaitAction(page)).startsWith("restart fixture: HTTP 403 ")
          .contains("status page actions need the admin token");
      assertThat(page.dialogs()).containsExactly(
          "Admin token, or an API key with the \"admin\" scope, to restart fixture:");
      assertThat(page.evaluate("sessionStorage.getItem('switchboard.key')").asString()).isEqualTo("not-the-token");
      assertThat(whoami(gateway, null)).as("the same child").isEqualTo(before);
    }
  }

  /** The page follows the gateway by itself: a tool call made while it is open shows in its calls, no reload. */
  @Test
  void aToolCallShowsOnTheOpenPageWithoutAReload() throws Exception {
    String calls = "#servers tr[data-name=\"fixture\"] td[data-k=\"calls\"]";
    try (TestGateway gateway = sharedFixture(gw -> {}); Chromium chromium = Chromium.start(dir)) {
      DevTools page = chromium.page();
      page.navigate(gateway.baseUrl() + "/ui");
      page.awaitText(calls, "0"::equals);
      page.evaluate("window.loadedOnce = true"); // gone if the page were loaded again

      whoami(gateway, null);
      page.awaitText(calls, t -> t.matches("[1-9][0-9]*"));
      assertThat(page.evaluate("window.loadedOnce === true").asBoolean(false)).as("the same page").isTrue();
    }
  }

  /**
   * A user's click takes a while; the table redraws every two seconds. A redraw between the press and the release
   * still leaves the click on the button.
   */
  @Test
  void aClickHeldWhileTheTableRedrawsStillActs() throws Exception {
    try (TestGateway gateway = sharedFixture(gw -> {}); Chromium chromium = Chromium.start(dir)) {
      DevTools page = chromium.page();
      page.answerPrompts("not-the-token");
      page.navigate(gateway.baseUrl() + "/ui");
      page.awaitText(RESTART, "Restart"::equals);
      page.evaluate("window.drawn = document.getElementById('meta').firstChild");
      page.press(RESTART);
      await().atMost(Duration.ofSeconds(30)).until(() -> page.evaluate(
          "document.getElementById('meta').firstChild !== window.drawn").asBoolean(false));
      page.release();
      assertThat(awaitAction(page)).startsWith("restart fixture: HTTP 403 ");
      assertThat(page.dialogs()).hasSize(1);
    }
  }

  private static TestGateway sharedFixture(Consumer<ObjectNode> gateway) throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    return TestGateway.start(servers, gateway);
  }

  /** The outcome the page shows for the last click. */
  private static String awaitAction(DevTools page) {
    return page.awaitText("#action", t -> !t.isEmpty());
  }

  private static void clearAction(DevTools page) {
    page.evaluate("document.getElementById('action').textContent = ''");
  }

  /** A new session's {@code whoami}: the pid of the fixture child that answers it. */
  private static long whoami(TestGateway gateway, String key) throws Exception {
    Map<String, String> headers = key == null ? Map.of() : Map.of("Authorization", "Bearer " + key);
    return new StreamableClient(gateway.mcpUrl("fixture"), headers).open("2025-06-18").whoami(2);
  }
}
