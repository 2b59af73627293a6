package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.ModernRequests;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * 2026-07-28 {@code Mcp-Param-*} headers over real HTTP: the gateway processes the body a legacy child cannot see the
 * headers of, so it checks the headers a listed tool's {@code x-mcp-header} annotations ask for, on a server's
 * endpoint and on a group's (whose tools carry prefixed names).
 */
@Timeout(120)
class ParamHeadersIT {
  @Test
  void aListedToolsParameterHeadersMustMatchItsArguments() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      String tool = "test_param_headers";
      assertThat(call(modern, 1, tool, Map.of()).status()).as("before a list: no header is recognised")
          .isEqualTo(200);
      Reply listed = list(modern, 2);
      assertThat(listed.body()).contains("\"x-mcp-header\":\"Region\"");

      Reply ok = call(modern, 3, tool, Map.of("Mcp-Param-Region", "=?base64?ZXUtd2VzdA==?=", "mcp-param-priority",
          "7"));
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(ok.text()).isEqualTo("region=eu-west priority=7 query=q");
      assertRefused(call(modern, 4, tool, Map.of("Mcp-Param-Priority", "7")), 4, "Mcp-Param-Region");
      assertRefused(call(modern, 5, tool, Map.of("Mcp-Param-Region", "us-east", "Mcp-Param-Priority", "7")), 5,
          "Mcp-Param-Region");
      assertRefused(call(modern, 6, tool, Map.of("Mcp-Param-Region", "eu-west", "Mcp-Param-Priority", "8")), 6,
          "Mcp-Param-Priority");
      assertThat(call(modern, 7, "echo", Map.of("Mcp-Param-Region", "anything")).status())
          .as("an unannotated tool: the header is not recognised, so ignored").isEqualTo(200);
    }
  }

  @Test
  void aGroupChecksTheHeadersOfTheToolsItListedUnderTheirPrefixedNames() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("groups").putObject("dev")
        .putArray("servers").add("fixture").add("switchboard"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("dev"));
      Reply listed = list(modern, 1);
      assertThat(listed.body()).contains("fixture__test_param_headers");
      String tool = "fixture__test_param_headers";
      assertRefused(call(modern, 2, tool, Map.of("Mcp-Param-Priority", "7")), 2, "Mcp-Param-Region");
      Reply ok = call(modern, 3, tool, Map.of("Mcp-Param-Region", "eu-west", "Mcp-Param-Priority", "7.0"));
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(ok.text()).isEqualTo("region=eu-west priority=7 query=q");
    }
  }

  private static void assertRefused(Reply reply, int id, String header) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo(-32020);
    assertThat(reply.response().path("id").asInt()).isEqualTo(id);
    assertThat(reply.response().path("error").path("message").asString()).contains(header);
  }

  /** {@code tool} called with region eu-west, priority 7 and query q, and {@code extra} headers. */
  private static Reply call(StreamableClient modern, int id, String tool, Map<String, String> extra)
      throws Exception {
    ObjectNode params = Json.object().put("name", tool);
    params.putObject("arguments").put("region", "eu-west").put("priority", 7).put("query", "q")
        .put("text", "echoed");
    Map<String, String> headers = ModernRequests.headers("tools/call", tool);
    headers.putAll(extra);
    return modern.post(Messages.request(id, "tools/call", ModernRequests.params(params, ModernRequests.meta())),
        headers);
  }

  private static Reply list(StreamableClient modern, int id) throws Exception {
    return ModernRequests.send(modern, id, "tools/list", Json.object(), ModernRequests.caps(), Map.of());
  }
}
