package dev.switchboard.client;

import dev.switchboard.client.schema.ElicitResult;
import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.protocol.Json;
import java.net.URI;
import java.util.List;

/**
 * The client side of the official conformance suite: {@code conformance client --command "java … ConformanceClient"}
 * runs this with the scenario in {@code MCP_CONFORMANCE_SCENARIO} and the mock server's URL as the last argument.
 * It dispatches on the exact scenario names {@code conformance list --client} prints. Exits 0 when the scenario ran.
 */
public final class ConformanceClient {
  private ConformanceClient() {}

  public static void main(String[] args) {
    String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "");
    URI url = URI.create(args[args.length - 1]);
    int code;
    try (Client client = Client.builder(StreamableHttpTransport.factory(url))
        .clientInfo("switchboard-conformance-client", Client.VERSION)
        .elicitation(request -> ElicitResult.accept(Json.object()))
        .sampling(params -> SamplingHandler.textResult("conformance", "ok")).build()) {
      code = run(scenario, client);
    } catch (ClientException e) {
      System.err.println(scenario + " failed: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  private static int run(String scenario, Client client) {
    switch (scenario) {
      case "initialize" -> {
        client.connect();
        client.listAllTools();
      }
      case "tools_call" -> {
        client.listAllTools();
        System.out.println(client.callTool("add_numbers", Json.object().put("a", 5).put("b", 3)).text());
      }
      case "elicitation-sep1034-client-defaults" -> call(client, "test_client_elicitation_defaults");
      case "sse-retry" -> call(client, "test_reconnection");
      default -> {
        System.err.println("Unknown scenario: " + scenario + "; known: " + List.of("initialize", "tools_call",
            "elicitation-sep1034-client-defaults", "sse-retry"));
        return 2;
      }
    }
    return 0;
  }

  private static void call(Client client, String tool) {
    client.listAllTools();
    System.out.println(client.callTool(tool, Json.object()).text());
  }
}
