package dev.switchboard.client.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.Client;
import dev.switchboard.client.RequestTimeoutException;
import dev.switchboard.client.SamplingHandler;
import dev.switchboard.client.schema.CompletionRef;
import dev.switchboard.client.schema.ElicitResult;
import dev.switchboard.client.schema.Progress;
import dev.switchboard.client.schema.Root;
import dev.switchboard.client.schema.Tool;
import dev.switchboard.client.transport.LegacySseTransport;
import dev.switchboard.client.transport.StdioTransport;
import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against servers built on the official MCP Java SDK: the stdio fixture as a child JVM, and an HTTP
 * server over Streamable HTTP and over the legacy HTTP+SSE transport.
 */
@Timeout(120)
class SdkInteropIT {
  @Test
  void theSdkStdioServer() {
    // This JVM runs the tests on the module path (dev.switchboard.client is modular), so the fixture's dependencies
    // may sit on jdk.module.path rather than java.class.path; the child gets both, as a plain class path.
    String classPath = Stream.of("jdk.module.path", "java.class.path").map(System::getProperty)
        .filter(path -> path != null && !path.isEmpty()).collect(Collectors.joining(File.pathSeparator));
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
        "-cp", classPath, "dev.switchboard.fixture.SdkServer");
    List<Progress> progress = new CopyOnWriteArrayList<>();
    LinkedBlockingQueue<String> logs = new LinkedBlockingQueue<>();
    try (Client client = Client.builder(() -> new StdioTransport(command, Map.of(), null, line -> {}))
        .onLog(log -> logs.add(log.data().asString())).build()) {
      assertThat(client.connect().serverInfo().name()).isEqualTo("sdk-fixture");
      client.ping();
      assertThat(client.listAllTools()).extracting(Tool::name).contains("sdk_echo", "sdk_add", "sdk_progress");
      assertThat(client.callTool("sdk_add", Json.object().put("a", 2).put("b", 3)).text()).isEqualTo("5");
      client.setLogLevel("debug");
      assertThat(client.callTool("sdk_progress", Json.object(), CallOptions.progress(progress::add)).text())
          .isEqualTo("progress done");
      assertThat(progress).extracting(Progress::message).containsExactly("done");
      assertThat(logs).contains("sdk_progress running");
      assertThat(client.readResource("sdk://hello").get(0).text()).isEqualTo("hello from sdk");
      assertThat(client.getPrompt("sdk_prompt", Map.of()).messages()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(SdkHttpServer.Kind.class)
  void theSdkHttpServer(SdkHttpServer.Kind kind) throws Exception {
    List<Progress> progress = new CopyOnWriteArrayList<>();
    LinkedBlockingQueue<String> logs = new LinkedBlockingQueue<>();
    try (SdkHttpServer server = SdkHttpServer.start(kind);
        Client client = Client.builder(transports(kind, server))
            .sampling(params -> SamplingHandler.textResult("m", "hi there"))
            .elicitation(request -> ElicitResult.accept(Json.object().put("name", "Ada")))
            .roots(() -> List.of(new Root("file:///srv", "srv")))
            .onLog(log -> logs.add(log.data().asString())).build()) {
      assertThat(client.connect().serverInfo().name()).isEqualTo("sdk-http");
      client.ping();
      assertThat(client.listAllTools()).hasSize(6);
      assertThat(client.callTool("sdk_echo", Json.object().put("text", "x")).text()).isEqualTo("x");
      client.setLogLevel("info");
      assertThat(client.callTool("sdk_progress", Json.object(), CallOptions.progress(progress::add)).text())
          .isEqualTo("progress done");
      assertThat(progress).extracting(Progress::message).containsExactly("step 1", "step 2", "step 3");
      assertThat(logs.poll(10, TimeUnit.SECONDS)).isEqualTo("working");
      assertThat(client.callTool("sdk_sample", Json.object()).text()).isEqualTo("model said: hi there");
      assertThat(client.callTool("sdk_elicit", Json.object()).text()).isEqualTo("ACCEPT {age=30, name=Ada}");
      assertThat(client.callTool("sdk_roots", Json.object()).text()).contains("file:///srv");
      assertThat(client.listAllResources()).hasSize(1);
      assertThat(client.readResource("sdk://hello").get(0).text()).isEqualTo("hello from sdk");
      assertThat(client.listAllPrompts()).hasSize(1);
      assertThat(client.complete(CompletionRef.prompt("sdk_prompt"), "who", "a").values())
          .containsExactly("a-one", "a-two");
      assertThatThrownBy(() -> client.callTool("sdk_sleep", Json.object().put("ms", 3000),
          CallOptions.timeout(Duration.ofMillis(300)))).isInstanceOf(RequestTimeoutException.class);
      assertThat(client.callTool("sdk_echo", Json.object().put("text", "after")).text()).isEqualTo("after");
    }
  }

  private static Transport.Factory transports(SdkHttpServer.Kind kind, SdkHttpServer server) {
    return kind == SdkHttpServer.Kind.STREAMABLE_HTTP ? StreamableHttpTransport.factory(server.url())
        : LegacySseTransport.factory(server.url());
  }
}
