package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.schema.CompletionRef;
import dev.switchboard.client.schema.Content;
import dev.switchboard.client.schema.ElicitResult;
import dev.switchboard.client.schema.Progress;
import dev.switchboard.client.schema.Resource;
import dev.switchboard.client.schema.Root;
import dev.switchboard.client.schema.Tool;
import dev.switchboard.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against {@code @modelcontextprotocol/server-everything}, a server no one here wrote, in each of its
 * modes: stdio, Streamable HTTP and the legacy HTTP+SSE transport. Covers every request method, notifications,
 * progress, the sampling, elicitation and roots handlers, timeouts and cancellation.
 */
@Timeout(180)
class EverythingClientIT {
  @ParameterizedTest
  @EnumSource(Everything.Mode.class)
  void speaksEverythingTheReferenceServerOffers(Everything.Mode mode) throws Exception {
    Path work = Files.createDirectories(Path.of("target/everything").toAbsolutePath());
    LinkedBlockingQueue<String> logs = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> updates = new LinkedBlockingQueue<>();
    try (Everything server = Everything.start(mode, work);
        Client client = Client.builder(server.transports()).timeout(Duration.ofSeconds(30))
            .sampling(params -> SamplingHandler.textResult("test-model", "sampled for you"))
            .elicitation(request -> ElicitResult.accept(Json.object().put("name", "Ada Lovelace")))
            .roots(() -> List.of(new Root("file:///work/project", "project")))
            .onLog(log -> logs.add(log.level()))
            .onNotification("notifications/resources/updated", n -> updates.add(n.node().path("params")
                .path("uri").asString())).build()) {
      assertThat(client.connect().serverInfo().name()).isEqualTo("mcp-servers/everything");
      client.ping();
      tools(client);
      serverRequests(client);
      resources(client, updates);
      prompts(client);
      logging(client, logs);
      timeoutsAndCancellation(client);
    }
  }

  private static void tools(Client client) throws InterruptedException {
    List<String> names = awaitTools(client, "get-roots-list");
    assertThat(names).contains("echo", "get-sum", "get-tiny-image", "trigger-long-running-operation",
        "trigger-sampling-request", "trigger-elicitation-request");
    assertThat(client.callTool("echo", Json.object().put("message", "hi")).text()).isEqualTo("Echo: hi");
    assertThat(client.callTool("get-sum", Json.object().put("a", 2).put("b", 3)).text()).contains("is 5");
    assertThat(client.callTool("get-tiny-image", Json.object()).content()).hasAtLeastOneElementOfType(
        Content.Image.class);
    List<Progress> progress = new CopyOnWriteArrayList<>();
    String done = client.callTool("trigger-long-running-operation", Json.object().put("duration", 1)
        .put("steps", 3), CallOptions.progress(progress::add)).text();
    assertThat(done).contains("completed");
    assertThat(progress).hasSize(3).last().extracting(Progress::progress).isEqualTo(3.0);
  }

  /** Tools that need the client's capabilities appear once the server saw {@code initialized}. */
  private static List<String> awaitTools(Client client, String expected) throws InterruptedException {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<String> names = client.listAllTools().stream().map(Tool::name).toList();
      if (names.contains(expected)) {
        return names;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server never listed " + expected);
  }

  private static void serverRequests(Client client) {
    assertThat(client.callTool("trigger-sampling-request", Json.object().put("prompt", "hello").put("maxTokens", 20))
        .text()).contains("sampled for you");
    assertThat(client.callTool("trigger-elicitation-request", Json.object()).text()).contains("Ada Lovelace");
    assertThat(client.callTool("get-roots-list", Json.object()).text()).contains("file:///work/project");
  }

  private static void resources(Client client, LinkedBlockingQueue<String> updates) throws InterruptedException {
    List<Resource> resources = client.listAllResources();
    assertThat(resources).isNotEmpty();
    assertThat(client.readResource(resources.get(0).uri())).isNotEmpty();
    assertThat(client.listAllResourceTemplates()).isNotEmpty();
    client.subscribe(resources.get(0).uri());
    client.callTool("toggle-subscriber-updates", Json.object());
    assertThat(updates.poll(20, TimeUnit.SECONDS)).as("resources/updated").isEqualTo(resources.get(0).uri());
    client.unsubscribe(resources.get(0).uri());
  }

  private static void prompts(Client client) {
    assertThat(client.listAllPrompts()).extracting(p -> p.name()).contains("simple-prompt", "completable-prompt");
    assertThat(client.getPrompt("simple-prompt", Map.of()).messages()).isNotEmpty();
    assertThat(client.complete(CompletionRef.prompt("completable-prompt"), "department", "Eng").values())
        .containsExactly("Engineering");
  }

  private static void logging(Client client, LinkedBlockingQueue<String> logs) throws InterruptedException {
    client.setLogLevel("debug");
    client.callTool("toggle-simulated-logging", Json.object());
    assertThat(logs.poll(20, TimeUnit.SECONDS)).as("a log message").isNotNull();
    client.callTool("toggle-simulated-logging", Json.object());
  }

  private static void timeoutsAndCancellation(Client client) {
    assertThatThrownBy(() -> client.callTool("trigger-long-running-operation", Json.object().put("duration", 30)
        .put("steps", 3), CallOptions.timeout(Duration.ofMillis(500)))).isInstanceOf(RequestTimeoutException.class);
    Call call = client.start("tools/call", Json.object().put("name", "trigger-long-running-operation")
        .set("arguments", Json.object().put("duration", 30).put("steps", 3)), CallOptions.DEFAULT);
    call.cancel("not needed");
    assertThatThrownBy(call::await).isInstanceOf(RequestCancelledException.class);
    assertThat(client.callTool("echo", Json.object().put("message", "after")).text()).isEqualTo("Echo: after");
  }
}
