package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.BOB;
import static dev.switchboard.security.SecureHttp.CAROL;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.protocol.Json;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/** A session id is not a credential: it works only with the key that created it, on the endpoint it was made on. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionBindingIT {
  private static final String PATH = "/mcp/fixture";

  private static TestGateway gateway;
  private static Client http;

  @BeforeAll
  static void start() throws Exception {
    gateway = SecureHttp.gateway(gw -> {});
    http = new Client(gateway.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static Map<String, String> as(String key, String session) {
    Map<String, String> h = new LinkedHashMap<>(SecureHttp.session(session));
    h.put("Authorization", bearer(key));
    return h;
  }

  @Test
  void anotherKeyFindsNothingBehindTheSessionIdAndTheOwnerKeepsIt() throws Exception {
    String id = http.open(PATH, ALICE);
    for (String thief : List.of(BOB, CAROL)) {
      Reply post = http.post(PATH, bearer(thief), SecureHttp.echo(1, "hijack"), SecureHttp.session(id));
      assertThat(post.status()).as(post.describe()).isEqualTo(404);
      assertThat(post.errorCode()).isEqualTo(-32004);

      Map<String, String> get = as(thief, id);
      get.put("Accept", "text/event-stream");
      Reply stream = http.send("GET", PATH, get, null);
      assertThat(stream.status()).as(stream.describe()).isEqualTo(404);
      assertThat(stream.errorCode()).isEqualTo(-32004);

      get.put("Last-Event-ID", "0-0"); // resuming someone else's stream
      Reply resume = http.send("GET", PATH, get, null);
      assertThat(resume.status()).as(resume.describe()).isEqualTo(404);
      assertThat(resume.errorCode()).isEqualTo(-32004);

      Reply delete = http.send("DELETE", PATH, as(thief, id), null);
      assertThat(delete.status()).as(delete.describe()).isEqualTo(404);
      assertThat(delete.errorCode()).isEqualTo(-32004);

      Reply notification = http.post(PATH, bearer(thief), SecureHttp.INITIALIZED, SecureHttp.session(id));
      assertThat(notification.status()).as(notification.describe()).isEqualTo(404);
    }
    http.assertEchoes(PATH, ALICE, id, "still alice's");
    // the owner may present the same key in another accepted form
    Reply bare = http.post(PATH, ALICE, SecureHttp.echo(2, "bare"), SecureHttp.session(id));
    assertThat(bare.status()).as(bare.describe()).isEqualTo(200);
    assertThat(http.send("DELETE", PATH, as(ALICE, id), null).status()).isEqualTo(200);
  }

  @Test
  void anOpenStreamCannotBeTakenOverByAnotherKey() throws Exception {
    String id = http.open(PATH, ALICE);
    Map<String, String> mine = as(ALICE, id);
    mine.put("Accept", "text/event-stream");
    Reply stream = http.send("GET", PATH, mine, null); // opened, then closed by the client (headers only)
    assertThat(stream.status()).as(stream.describe()).isEqualTo(200);
    Map<String, String> theirs = as(BOB, id);
    theirs.put("Accept", "text/event-stream");
    assertThat(http.send("GET", PATH, theirs, null).status()).isEqualTo(404);
    http.assertEchoes(PATH, ALICE, id, "after");
  }

  @Test
  void guessedAndMalformedSessionIdsFindNothing() throws Exception {
    for (String id : List.of("0", "00000000-0000-0000-0000-000000000000", "../../etc/passwd", "a".repeat(2000))) {
      Reply r = http.post(PATH, bearer(ALICE), SecureHttp.echo(1, "x"), SecureHttp.session(id));
      assertThat(r.status()).as(r.describe()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo(-32004);
    }
  }

  @Test
  void sessionIdsAreUnguessable() throws Exception {
    String a = http.open(PATH, ALICE);
    String b = http.open(PATH, ALICE);
    assertThat(a).isNotEqualTo(b);
    assertThat(a.length()).as("session id %s", a).isGreaterThanOrEqualTo(22); // >= ~128 bits in base64/hex/uuid
    for (String id : List.of(a, b)) {
      assertThat(http.send("DELETE", PATH, as(ALICE, id), null).status()).isEqualTo(200);
    }
  }

  /**
   * {@code SWITCHBOARD_API_KEY} is added as a key named {@code env} (ConfigOptions.resolve →
   * SecuritySettings.withKey) without the duplicate-name check the config loader applies. Sessions, session caps
   * and rate buckets are keyed by name only, so two different secrets that share the name {@code env} share them.
   */
  @Test
  void twoKeysWithTheSameNameDoNotShareSessions() throws Exception {
    ObjectNode root = Json.object();
    root.set("mcpServers", SecureHttp.servers());
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gw.putObject("auth").putArray("keys").addObject().put("name", "env").put("key", ALICE);
    Config config = ConfigLoader.parse(Json.bytes(root), null);
    dev.switchboard.config.SecuritySettings security;
    try {
      security = config.gateway().security().withKey(ApiKey.ofSecret("env", BOB, List.of("*")));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return; // refusing the duplicate name is a fix too
    }
    Daemon daemon = new Daemon(config.withGateway(config.gateway().withSecurity(security))).start();
    try {
      Client c = new Client("http://127.0.0.1:" + daemon.port());
      String id = c.open(PATH, ALICE);
      Reply r = c.post(PATH, bearer(BOB), SecureHttp.echo(1, "hijack"), SecureHttp.session(id));
      assertThat(r.status()).as(r.describe()).isEqualTo(404);
    } finally {
      daemon.close();
    }
  }
}
