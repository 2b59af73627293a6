package dev.switchboard.client.interop;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server built on the official MCP Java SDK, served over HTTP by Jetty on {@code 127.0.0.1:0}: Streamable HTTP or
 * the legacy HTTP+SSE transport. Its tools exercise what the client must handle: progress and logs, and requests
 * back to the client (sampling, elicitation, roots). The SDK's threads run the handlers. Not thread safe to start.
 */
@SuppressWarnings("deprecation") // the SDK deprecates its legacy HTTP+SSE transport, which is exactly what we test
final class SdkHttpServer implements AutoCloseable {
  enum Kind { STREAMABLE_HTTP, SSE }

  private final Server jetty;
  private final McpSyncServer mcp;
  private final Kind kind;

  private SdkHttpServer(Kind kind) throws Exception {
    this.kind = kind;
    var mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    HttpServlet servlet;
    if (kind == Kind.STREAMABLE_HTTP) {
      var provider = HttpServletStreamableServerTransportProvider.builder().jsonMapper(mapper).mcpEndpoint("/mcp")
          .build();
      servlet = provider;
      mcp = define(McpServer.sync(provider));
    } else {
      var provider = HttpServletSseServerTransportProvider.builder().jsonMapper(mapper).messageEndpoint("/message")
          .sseEndpoint("/sse").build();
      servlet = provider;
      mcp = define(McpServer.sync(provider));
    }
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
  }

  static SdkHttpServer start(Kind kind) throws Exception {
    return new SdkHttpServer(kind);
  }

  URI url() {
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    return URI.create("http://127.0.0.1:" + port + (kind == Kind.STREAMABLE_HTTP ? "/mcp" : "/sse"));
  }

  @Override
  public void close() {
    mcp.closeGracefully();
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  private static McpSyncServer define(McpServer.SyncSpecification<?> spec) {
    return spec.serverInfo("sdk-http", "0.1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, true).prompts(true)
            .logging().completions().build())
        .tools(tool("sdk_echo", "Returns its text", (ex, req) -> text(String.valueOf(req.arguments().get("text")))),
            tool("sdk_progress", "Reports progress three times", SdkHttpServer::progress),
            tool("sdk_sample", "Asks the client's model", SdkHttpServer::sample),
            tool("sdk_elicit", "Asks the user for a name", SdkHttpServer::elicit),
            tool("sdk_roots", "Lists the client's roots", (ex, req) -> text(ex.listRoots().roots().toString())),
            tool("sdk_sleep", "Sleeps for ms milliseconds", SdkHttpServer::sleep))
        .resources(new SyncResourceSpecification(McpSchema.Resource.builder("sdk://hello", "hello")
            .mimeType("text/plain").build(), (ex, req) -> McpSchema.ReadResourceResult.builder(List.of(
                McpSchema.TextResourceContents.builder("sdk://hello", "hello from sdk").mimeType("text/plain").build()))
                .build()))
        .prompts(new SyncPromptSpecification(new McpSchema.Prompt("sdk_prompt", "SDK prompt", "A prompt",
            List.of(new McpSchema.PromptArgument("who", "Who", "Whom to greet", false))),
            (ex, req) -> McpSchema.GetPromptResult.builder(List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                TextContent.builder("Hello, SDK").build()))).build()))
        .completions(new SyncCompletionSpecification(new McpSchema.PromptReference("sdk_prompt"),
            (ex, req) -> new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(
                List.of(req.argument().value() + "-one", req.argument().value() + "-two")))))
        .build();
  }

  private static SyncToolSpecification tool(String name, String description,
      BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, CallToolResult> handler) {
    McpSchema.Tool tool = McpSchema.Tool.builder(name, Map.of("type", "object", "properties", Map.of()))
        .description(description).build();
    return new SyncToolSpecification(tool, handler);
  }

  private static CallToolResult progress(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder(McpSchema.LoggingLevel.INFO,
        "working").logger("sdk-http").build());
    Object token = request.progressToken();
    for (int i = 1; token != null && i <= 3; i++) {
      exchange.progressNotification(McpSchema.ProgressNotification.builder(token, i).total(3.0).message("step " + i)
          .build());
    }
    return text("progress done");
  }

  private static CallToolResult sample(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    var result = exchange.createMessage(McpSchema.CreateMessageRequest.builder(List.of(new McpSchema.SamplingMessage(
        McpSchema.Role.USER, TextContent.builder("say hi").build())), 20).build());
    return text("model said: " + ((TextContent) result.content()).text());
  }

  private static CallToolResult elicit(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"),
        "age", Map.of("type", "integer", "default", 30)));
    var result = exchange.createElicitation(McpSchema.ElicitRequest.builder("Who are you?", schema).build());
    return text(result.action() + " " + new java.util.TreeMap<>(result.content()));
  }

  private static CallToolResult sleep(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    try {
      Thread.sleep(Long.parseLong(String.valueOf(request.arguments().getOrDefault("ms", "3000"))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return text("slept");
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }
}
