package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The everyday load of the product, with room to spare: 1,000 sessions, each with its own stdio child, under the
 * default settings except {@code pool.max}. The gateway once hung for good at 127 children (pipe reads on virtual
 * threads pinned every carrier); here every session opens, {@code /health} keeps answering, and one more session
 * still opens. Children are a few lines of {@code sh}, so 1,000 of them fit any test machine.
 */
class ThousandChildrenIT {
  private static final int CHILDREN = 1000;
  private static final String SERVER = """
      while IFS= read -r line; do
        case "$line" in
          *'"method":"initialize"'*|*'"method":"ping"'*|*'"method":"tools/list"'*)
            id=${line#*\\"id\\":}; id=${id%%[,\\}]*}
            case "$line" in
              *'"method":"initialize"'*) result='{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"sh","version":"1"}}';;
              *'"method":"tools/list"'*) result='{"tools":[]}';;
              *) result='{}';;
            esac
            printf '{"jsonrpc":"2.0","id":%s,"result":%s}\\n' "$id" "$result";;
        esac
      done
      """;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void holdsAThousandChildrenAndStaysResponsive(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("server.sh"), SERVER);
    ObjectNode servers = Json.object();
    ObjectNode sh = servers.putObject("sh").put("command", "/bin/sh");
    sh.putArray("args").add(script.toString());
    sh.putObject("pool").put("max", CHILDREN + 1);
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      gw.putObject("sessions").put("max", CHILDREN + 10);
      gw.putObject("auth").put("maxSessionsPerKey", CHILDREN + 10);
    });
        ExecutorService threads = Executors.newFixedThreadPool(16)) {
      StreamableClient raw = new StreamableClient(gateway.mcpUrl("sh"));
      List<Future<StreamableSession>> opened = new ArrayList<>();
      for (int i = 0; i < CHILDREN; i++) {
        opened.add(threads.submit(() -> raw.open("2025-06-18")));
      }
      List<StreamableSession> sessions = new ArrayList<>();
      for (Future<StreamableSession> f : opened) {
        sessions.add(f.get(2, TimeUnit.MINUTES));
      }
      long healthMillis = health(gateway);
      Reply listed = sessions.get(CHILDREN - 1).post(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
      StreamableSession extra = raw.open("2025-06-18");

      assertThat(ProcessHandle.current().children().count()).isGreaterThanOrEqualTo(CHILDREN);
      assertThat(listed.response().path("result").path("tools").isArray()).as(listed.body()).isTrue();
      assertThat(extra.id()).isNotBlank();
      System.out.printf("%d children: /health %d ms, %d live threads, RSS %s%n", CHILDREN, healthMillis,
          ManagementFactory.getThreadMXBean().getThreadCount(), rss());
    }
  }

  /** How long {@code /health} took; it must answer within its 10 s timeout at all. */
  private static long health(TestGateway gateway) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  private static String rss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
        .map(l -> l.replaceAll("\\s+", " ").substring(6)).findFirst().orElse("?");
  }
}
