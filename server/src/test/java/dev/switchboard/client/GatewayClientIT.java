package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.schema.CompletionRef;
import dev.switchboard.client.schema.ElicitResult;
import dev.switchboard.client.schema.Progress;
import dev.switchboard.client.schema.Root;
import dev.switchboard.client.schema.Tool;
import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client library against a real Switchboard fronting the conformance fixture, over Streamable HTTP. */
@Timeout(120)
class GatewayClientIT {
  private static TestGateway gateway;
  private static URI url;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture();
    url = URI.create(gateway.mcpUrl("fixture"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void everyRequestMethodWorksThroughTheGateway() throws Exception {
    LinkedBlockingQueue<String> updates = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> logs = new LinkedBlockingQueue<>();
    try (Client client = Client.builder(StreamableHttpTransport.factory(url))
        .onNotification("notifications/resources/updated", n -> updates.add(n.node().path("params").path("uri")
            .asString()))
        .onLog(log -> logs.add(log.level())).build()) {
      assertThat(client.connect().protocolVersion()).isEqualTo("2025-11-25");
      client.ping();
      assertThat(client.listAllTools()).extracting(Tool::name).contains("echo", "slow", "test_sampling");
      assertThat(client.callTool("echo", Json.object().put("text", "hi")).text()).isEqualTo("hi");
      assertThat(client.listAllResources()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(client.listAllResourceTemplates().get(0).uriTemplate()).isEqualTo("test://template/{id}/data");
      assertThat(client.readResource("test://static-text").get(0).text()).isNotBlank();
      client.subscribe("test://watched-resource");
      assertThat(updates.poll(10, TimeUnit.SECONDS)).isEqualTo("test://watched-resource");
      client.unsubscribe("test://watched-resource");
      assertThat(client.listAllPrompts()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(client.getPrompt("test_prompt_with_arguments", Map.of("arg1", "a", "arg2", "b")).messages())
          .hasSize(1);
      assertThat(client.complete(CompletionRef.prompt("test_prompt_with_arguments"), "arg1", "x").values())
          .isNotNull();
      client.setLogLevel("debug");
      client.callTool("test_tool_with_logging", Json.object());
      assertThat(logs.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void progressAndTheServersRequestsReachTheirHandlers() {
    List<Progress> progress = new CopyOnWriteArrayList<>();
    try (Client client = Client.builder(StreamableHttpTransport.factory(url))
        .sampling(params -> SamplingHandler.textResult("test-model", "sampled"))
        .elicitation(request -> ElicitResult.accept(Json.object()))
        .roots(() -> List.of(new Root("file:///work/project", "project"))).build()) {
      client.callTool("slow", Json.object().put("ms", 300).put("steps", 3), CallOptions.progress(progress::add));
      assertThat(progress).hasSize(3);
      assertThat(client.callTool("test_sampling", Json.object().put("prompt", "hello")).text()).contains("sampled");
      assertThat(client.callTool("test_elicitation_sep1034_defaults", Json.object()).isError()).isFalse();
      assertThat(client.callTool("roots", Json.object()).text()).contains("file:///work/project");
    }
  }

  @Test
  void aTimeoutCancelsAndTheSessionCarriesOn() {
    try (Client client = Client.http(url)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.callTool("slow", Json.object().put("ms", 20_000),
          CallOptions.timeout(Duration.ofMillis(500)))).isInstanceOf(RequestTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      Call call = client.start("tools/call", Json.object().put("name", "slow").set("arguments",
          Json.object().put("ms", 20_000)), CallOptions.DEFAULT);
      call.cancel("no longer needed");
      assertThatThrownBy(call::await).isInstanceOf(RequestCancelledException.class);
      assertThat(client.callTool("echo", Json.object().put("text", "still here")).text()).isEqualTo("still here");
    }
  }

  @Test
  void aSessionTheGatewayForgotIsRenewedTransparently() throws Exception {
    AtomicReference<StreamableHttpTransport> last = new AtomicReference<>();
    List<String> sessions = new CopyOnWriteArrayList<>();
    try (Client client = Client.builder(() -> {
      StreamableHttpTransport transport = StreamableHttpTransport.builder(url).build();
      last.set(transport);
      return transport;
    }).build()) {
      client.connect();
      String first = last.get().sessionId();
      sessions.add(first);
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<Void> deleted = http.send(HttpRequest.newBuilder(url).header("Mcp-Session-Id", first)
            .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).isEqualTo(200);
      }
      assertThat(client.listAllTools()).isNotEmpty();
      sessions.add(last.get().sessionId());
      assertThat(sessions.get(1)).isNotNull().isNotEqualTo(first);
    }
  }

  @Test
  void theSharedClientIsOnePerUrlAndServesManyThreads() throws Exception {
    Client shared = Switchboard.shared(url);
    assertThat(Switchboard.shared(url)).isSameAs(shared);
    List<Thread> threads = new java.util.ArrayList<>();
    List<String> answers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 8; i++) {
      String text = "t" + i;
      threads.add(Thread.ofVirtual().start(() -> answers.add(shared.callTool("echo", Json.object().put("text", text))
          .text())));
    }
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(answers).hasSize(8).contains("t0", "t7");
    shared.close();
    assertThat(Switchboard.shared(url)).isNotSameAs(shared);
  }
}
