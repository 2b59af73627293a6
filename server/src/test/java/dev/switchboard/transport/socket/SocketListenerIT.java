package dev.switchboard.transport.socket;

import static dev.switchboard.testing.Scrape.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.ListenAddress;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The socket listeners byte for byte: bad input gets an error line and the connection goes on, a half-closed client
 * still gets its answers, socket files are owner-only and gone after shutdown, a stale file is replaced.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketListenerIT {
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
  private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
      + "{\"name\":\"echo\",\"arguments\":{\"text\":\"still here\"}}}";

  private Path folder;
  private Path socket;
  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    folder = Files.createTempDirectory(Path.of("/tmp"), "sbs");
    socket = folder.resolve("run").resolve("fixture.sock");
    gateway = startGateway();
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void theBytesEachWayAndTheOpenConnectionAreInTheMetrics() throws Exception {
    var tcp = gateway.daemon().listening("fixture").stream().filter(a -> a instanceof ListenAddress.Tcp).findFirst()
        .orElseThrow();
    String listener = "{listener=\"" + tcp + "\"}";
    String stream = "switchboard_streams_open{server=\"fixture\",transport=\"socket\"}";
    try (Raw raw = Raw.tcp(gateway)) {
      raw.send(INIT);
      String answer = Json.text(raw.next());

      String metrics = scrape();
      assertThat(sample(metrics, "switchboard_received_bytes_total" + listener))
          .isEqualTo(INIT.getBytes(StandardCharsets.UTF_8).length + 1);
      assertThat(sample(metrics, "switchboard_sent_bytes_total" + listener))
          .isGreaterThanOrEqualTo(answer.getBytes(StandardCharsets.UTF_8).length + 1);
      assertThat(sample(metrics, stream)).as("the connection's outbox").isEqualTo(1);
      assertThat(sample(metrics, "switchboard_received_bytes_total{listener=\"http\"}")).isPositive();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> !scrape().contains(stream + " 1"));
  }

  /**
   * A request's gateway share on a socket runs from its line's first byte to its answer written: a client that
   * pauses mid-line is seen. (Timed from the link, as before, the share is a few ms.)
   */
  @Test
  void aRequestsGatewayShareRunsFromItsLinesFirstByteToItsAnswerWritten() throws Exception {
    Duration pause = Duration.ofMillis(500);
    String share = "switchboard_request_gateway_seconds_sum{method=\"tools/call\",server=\"fixture\"}";
    try (Raw raw = Raw.tcp(gateway)) {
      raw.send(INIT);
      raw.next();
      int half = ECHO.length() / 2;
      raw.out().write(ECHO.substring(0, half).getBytes(StandardCharsets.UTF_8));
      raw.out().flush();
      Thread.sleep(pause.toMillis()); // the pause the share must include: imposed, not awaited
      raw.send(ECHO.substring(half));
      assertThat(raw.next().path("id").asInt()).isEqualTo(2);
    }
    String count = "switchboard_request_gateway_seconds_count{method=\"tools/call\",server=\"fixture\"} 1";
    await().atMost(Duration.ofSeconds(30)).until(() -> scrape().lines().anyMatch(l -> l.startsWith(count)));
    assertThat(sample(scrape(), share)).as("the pause, less however late the reader was to read the first half "
        + "(a few ms without the line's first byte as the start)").isGreaterThanOrEqualTo(pause.toNanos() / 1e9 * 0.5);
  }

  private String scrape() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    try {
      return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.baseUrl() + "/metrics"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } finally {
      http.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "unix"})
  void malformedLinesGetErrorsAndTheSessionGoesOn(String wire) throws Exception {
    try (Raw raw = wire.equals("tcp") ? Raw.tcp(gateway) : Raw.unix(socket)) {
      raw.send(INIT);
      assertThat(raw.next().path("result").path("protocolVersion").asString()).isEqualTo("2025-06-18");
      raw.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      raw.send("{not json");
      assertThat(raw.next().path("error").path("code").asInt()).isEqualTo(-32700);
      raw.send("[1,2]");
      assertThat(raw.next().path("error").path("code").asInt()).isEqualTo(-32600);
      raw.send("\u0000\u0001\u00ff binary");
      assertThat(raw.next().path("error").path("code").asInt()).isEqualTo(-32700);
      raw.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":"
          + "{\"text\":\"" + "x".repeat(70_000) + "\"}}}");
      assertThat(raw.next().path("error").path("message").asString()).contains("maxLineBytes");
      raw.send(ECHO);
      JsonNode answer = raw.next();
      assertThat(answer.path("id").asInt()).isEqualTo(2);
      assertThat(answer.path("result").path("content").path(0).path("text").asString()).isEqualTo("still here");
    }
  }

  @Test
  void requestsBeforeInitializeAreRefusedButPingIsAnswered() throws Exception {
    try (Raw raw = Raw.tcp(gateway)) {
      raw.send(ECHO);
      JsonNode refused = raw.next();
      assertThat(refused.path("id").asInt()).isEqualTo(2);
      assertThat(refused.path("error").path("message").asString()).contains("initialize");
      raw.send("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");
      assertThat(raw.next().path("result").isObject()).isTrue();
    }
  }

  @Test
  void aHalfClosedClientStillGetsItsAnswersThenTheConnectionEnds() throws Exception {
    try (Raw raw = Raw.tcp(gateway)) {
      raw.send(INIT);
      raw.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      raw.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":"
          + "{\"ms\":300,\"steps\":1}}}");
      raw.channel.shutdownOutput();
      assertThat(raw.next().path("id").asInt()).isEqualTo(1);
      assertThat(raw.next().path("id").asInt()).isEqualTo(3);
      assertThat(raw.in.readLine()).isNull(); // then the gateway closes its side
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.daemon().gateway().sessionRegistry().size() == 0);
  }

  @Test
  void theSocketFileIsOwnerOnlyAndGoneAfterShutdown() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
        .isEqualTo("rwx------");
    try (Raw raw = Raw.unix(socket)) {
      raw.send(INIT);
      assertThat(raw.next().path("id").asInt()).isEqualTo(1);
    }
    gateway.close();
    gateway = null;
    assertThat(socket).doesNotExist();
  }

  @Test
  void aStaleSocketFileIsReplacedButALiveOneIsNot() throws Exception {
    assertThatThrownBy(this::startGateway).hasStackTraceContaining("another process is listening");
    gateway.close();
    // a crash leaves the file behind: make one that nobody answers
    try (var orphan = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      orphan.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    gateway = startGateway();
    try (Raw raw = Raw.unix(socket)) {
      raw.send(INIT);
      assertThat(raw.next().path("id").asInt()).isEqualTo(1);
    }
  }

  private TestGateway startGateway() throws Exception {
    ObjectNode servers = Json.object();
    ObjectNode entry = Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared");
    entry.putArray("listen").add("tcp://127.0.0.1:0").add("unix:" + socket);
    servers.set("fixture", entry);
    return TestGateway.start(servers, gw -> gw.putObject("limits").put("maxLineBytes", "64KB"));
  }

  /** A raw client: lines out, lines in, every byte checked to be one JSON object per line. */
  private record Raw(SocketChannel channel, OutputStream out, BufferedReader in) implements AutoCloseable {
    static Raw tcp(TestGateway gateway) throws IOException {
      var tcp = (ListenAddress.Tcp) gateway.daemon().listening("fixture").stream()
          .filter(a -> a instanceof ListenAddress.Tcp).findFirst().orElseThrow();
      return of(SocketChannel.open(new java.net.InetSocketAddress(tcp.host(), tcp.port())));
    }

    static Raw unix(Path path) throws IOException {
      return of(SocketChannel.open(UnixDomainSocketAddress.of(path)));
    }

    private static Raw of(SocketChannel channel) {
      return new Raw(channel, Channels.newOutputStream(channel), new BufferedReader(new InputStreamReader(
          Channels.newInputStream(channel), StandardCharsets.UTF_8)));
    }

    void send(String line) throws IOException {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** The next line, which must be exactly one JSON object. */
    JsonNode next() throws IOException {
      String line = in.readLine();
      assertThat(line).as("a line from the gateway").isNotNull();
      JsonNode node = Json.parse(line.getBytes(StandardCharsets.UTF_8));
      assertThat(node.isObject()).as(line).isTrue();
      return node;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
