package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.config.GroupSpec;
import dev.switchboard.config.Limits;
import dev.switchboard.config.ToolFilter;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.BackendState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A group over in-memory members: one cursor over paged members, deadlines, members dropping out, renamed ids. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupDispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeMember a = new FakeMember("a", 2, "t1", "t2", "t3");
  private final FakeMember b = new FakeMember("b", 2, "u1", "u2");
  private long nextId = 1;

  @Test
  void oneCursorWalksTheMergedListAcrossEveryMembersPages() {
    Session s = open(group(Duration.ofSeconds(10), 2));
    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode result = result(call(s, "tools/list", cursor == null ? Json.object() : Json.object().put("cursor",
          cursor)));
      result.path("tools").forEach(t -> names.add(t.path("name").asString()));
      cursor = result.path("nextCursor").asString(null);
      pages++;
    } while (cursor != null);
    assertThat(names).containsExactly("a__t1", "a__t2", "a__t3", "b__u1", "b__u2");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void aCursorFromBeforeAChangeIsRefused() {
    Session s = open(group(Duration.ofSeconds(10), 2));
    String cursor = result(call(s, "tools/list", Json.object())).path("nextCursor").asString();
    a.sessions.get(0).deliver(Message.notification("notifications/tools/list_changed", null));
    Message answer = call(s, "tools/list", Json.object().put("cursor", cursor));
    assertThat(answer).isInstanceOfSatisfying(Message.ErrorResponse.class,
        e -> assertThat(e.error().code()).isEqualTo(-32602));
  }

  @Test
  void aSlowMemberIsLeftOutUntilItsListArrivesThenTheClientIsTold() throws Exception {
    Session s = open(group(Duration.ofMillis(300), 100));
    b.listGate = new CountDownLatch(1);
    Logger logger = (Logger) LoggerFactory.getLogger(GroupSession.class);
    ListAppender<ILoggingEvent> log = new dev.switchboard.testing.CapturedLog();
    log.start();
    logger.addAppender(log);
    try {
      assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3");
      assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3");
    } finally {
      logger.detachAppender(log);
    }
    assertThat(log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage)).as("logged once, not again for the kept list without it")
        .containsExactly("group g: b did not answer tools/list within PT0.3S; answering without it");
    b.listGate.countDown();
    await().atMost(WAIT).until(() -> standalone(s).contains("notifications/tools/list_changed"));
    assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3", "b__u1", "b__u2");
  }

  @Test
  void whileAMemberIsLateTheListWithoutItIsKeptSoListsAndCallsDoNotWaitForItAgain() {
    Duration deadline = Duration.ofSeconds(4);
    Session s = open(group(deadline, 100));
    b.listGate = new CountDownLatch(1);
    assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3");
    // each list and the call would wait the whole deadline for b again if they did: 4 x 4 s, well past 6 s
    assertTimeoutPreemptively(deadline.plusSeconds(2), () -> {
      assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3");
      assertThat(result(call(s, "tools/call", Json.object().put("name", "a__t1"))).path("called").asString())
          .isEqualTo("a:t1");
      for (int told = 1; told <= 2; told++) { // a's list changes: merged again, without waiting for b
        a.sessions.get(0).deliver(Message.notification("notifications/tools/list_changed", null));
        assertThat(toolsChanged(s)).isEqualTo(told);
        assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3");
      }
    }, "lists and a call while b is late");
    b.listGate.countDown();
    await().atMost(WAIT).until(() -> toolsChanged(s) == 3);
    assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3", "b__u1", "b__u2");
  }

  @Test
  void aMemberSlowerToStartThanTheDeadlineIsLeftOutNotKilledAndJoinsLater() {
    b.initializeGate = new CountDownLatch(1);
    Session s = open(group(Duration.ofMillis(300), 100));
    assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3");
    b.initializeGate.countDown();
    await().atMost(WAIT).until(() -> standalone(s).contains("notifications/tools/list_changed"));
    assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3", "b__u1", "b__u2");
    assertThat(b.sessions).as("the one member session that was starting, kept").hasSize(1);
  }

  @Test
  void aCrashLoopingMemberDropsOutItsCallsFailClearlyAndItComesBack() {
    GroupDispatcher group = group(Duration.ofSeconds(10), 100);
    Session s = open(group);
    b.state = BackendState.CRASH_LOOP;
    group.tick(System.nanoTime());
    assertThat(standalone(s)).contains("notifications/tools/list_changed");
    assertThat(toolNames(s)).containsExactly("a__t1", "a__t2", "a__t3");
    Message failed = call(s, "tools/call", Json.object().put("name", "b__u1"));
    assertThat(failed).isInstanceOfSatisfying(Message.ErrorResponse.class, e -> {
      assertThat(e.error().code()).isEqualTo(-32000);
      assertThat(e.error().message()).contains("'b'").contains("it broke");
    });
    assertThat(result(call(s, "tools/call", Json.object().put("name", "a__t2"))).path("called").asString())
        .isEqualTo("a:t2");

    long told = standalone(s).stream().filter("notifications/tools/list_changed"::equals).count();
    b.state = BackendState.RUNNING;
    group.tick(System.nanoTime());
    assertThat(standalone(s).stream().filter("notifications/tools/list_changed"::equals).count())
        .as("the client is told again when the member returns").isGreaterThan(told);
    assertThat(toolNames(s)).contains("b__u1", "b__u2");
  }

  @Test
  void aHiddenOrUnknownToolIsUnknown() {
    GroupSpec spec = new GroupSpec("g", null, new ToolFilter(List.of(), List.of("a__t2")), Duration.ofSeconds(10),
        100);
    Session s = open(new GroupDispatcher(spec, List.of(new Member("a", a), new Member("b", b)), Limits.DEFAULTS,
        "test", p -> ToolFilter.ALL));
    assertThat(toolNames(s)).doesNotContain("a__t2");
    for (String name : List.of("a__t2", "zz__t1")) {
      assertThat(call(s, "tools/call", Json.object().put("name", name))).isInstanceOfSatisfying(
          Message.ErrorResponse.class, e -> assertThat(e.error()).satisfies(err -> {
            assertThat(err.code()).isEqualTo(-32602);
            assertThat(err.message()).isEqualTo("Unknown tool: " + name);
          }));
    }
  }

  @Test
  void aToolFilterLeavesPromptsAlone() {
    GroupSpec spec = new GroupSpec("g", null, new ToolFilter(List.of("b__*"), List.of("*p-u2*")), Duration.ofSeconds(
        10), 100);
    Session s = open(new GroupDispatcher(spec, List.of(new Member("a", a), new Member("b", b)), Limits.DEFAULTS,
        "test", p -> new ToolFilter(List.of(), List.of("a__*"))));
    assertThat(toolNames(s)).as("the filter still applies to tools").isNotEmpty().allMatch(n -> n.startsWith("b__"));
    List<String> prompts = new ArrayList<>();
    result(call(s, "prompts/list", Json.object())).path("prompts").forEach(p -> prompts.add(p.path("name").asString()));
    assertThat(prompts).containsExactly("a__p-t1", "a__p-t2", "a__p-t3", "b__p-u1", "b__p-u2");
    assertThat(result(call(s, "prompts/get", Json.object().put("name", "a__p-t1"))).path("member").asString())
        .isEqualTo("a");
  }

  @Test
  void aMemberWithoutTemplatesListsNoneAndIsNotAskedAgain() {
    a.noTemplates = true;
    Session s = open(group(Duration.ofSeconds(10), 100));
    for (int i = 0; i < 2; i++) {
      JsonNode listed = result(call(s, "resources/templates/list", Json.object()));
      assertThat(listed.path("resourceTemplates").isArray()).as(listed.toString()).isTrue();
      assertThat(listed.path("resourceTemplates")).isEmpty();
    }
    assertThat(a.forwarded).as("its empty list is cached like any other").containsOnlyOnce("resources/templates/list");
  }

  @Test
  void promptsAndCompletionsGoToTheOwningMemberUnderTheOriginalName() {
    Session s = open(new GroupDispatcher(new GroupSpec("g", null, ToolFilter.ALL, Duration.ofSeconds(10), 100),
        List.of(new Member("a", a), new Member("b", b)), Limits.DEFAULTS, "test", p -> ToolFilter.ALL));
    List<String> prompts = new ArrayList<>();
    result(call(s, "prompts/list", Json.object())).path("prompts").forEach(p -> prompts.add(p.path("name").asString()));
    assertThat(prompts).containsExactly("a__p-t1", "a__p-t2", "a__p-t3", "b__p-u1", "b__p-u2");

    JsonNode got = result(call(s, "prompts/get", Json.object().put("name", "b__p-u1")));
    assertThat(got.path("member").asString()).isEqualTo("b");
    assertThat(got.path("params").path("name").asString()).isEqualTo("p-u1");

    ObjectNode complete = Json.object();
    complete.putObject("ref").put("type", "ref/prompt").put("name", "a__p-t2");
    complete.putObject("argument").put("name", "x").put("value", "y");
    JsonNode completed = result(call(s, "completion/complete", complete));
    assertThat(completed.path("member").asString()).isEqualTo("a");
    assertThat(completed.path("params").path("ref").path("name").asString()).isEqualTo("p-t2");
    assertThat(completed.path("params").path("argument").path("value").asString()).isEqualTo("y");

    assertThat(call(s, "prompts/get", Json.object().put("name", "a__nope"))).isInstanceOfSatisfying(
        Message.ErrorResponse.class, e -> assertThat(e.error().code()).isEqualTo(-32602));
  }

  @Test
  void aMembersRequestReachesTheClientUnderAnIdOfTheGroupAndTheAnswerGoesBack() {
    Session s = open(group(Duration.ofSeconds(10), 100));
    assertThat(a.sessions.get(0).deliver(Message.request(RequestId.of("sb-1"), "sampling/createMessage",
        Json.object()))).isTrue();
    assertThat(b.sessions.get(0).deliver(Message.request(RequestId.of("sb-1"), "roots/list", null))).isTrue();
    List<Message.Request> asked = new ArrayList<>();
    await().atMost(WAIT).until(() -> {
      asked.clear();
      messages(s).stream().filter(m -> m instanceof Message.Request).forEach(m -> asked.add((Message.Request) m));
      return asked.size() == 2;
    });
    assertThat(asked.get(0).id()).isNotEqualTo(asked.get(1).id());
    s.accept(Message.response(asked.get(1).id(), Json.object().put("roots", "r")));
    assertThat(b.accepted).singleElement().isInstanceOfSatisfying(Message.Response.class,
        r -> assertThat(r.id()).isEqualTo(RequestId.of("sb-1")));
    assertThat(a.accepted).noneMatch(m -> m instanceof Message.Response);

    a.sessions.get(0).deliver(Message.notification("notifications/cancelled", Json.object().put("requestId",
        "sb-1")));
    await().atMost(WAIT).until(() -> messages(s).stream().anyMatch(m -> m instanceof Message.Notification n
        && n.method().equals("notifications/cancelled")
        && n.node().at("/params/requestId").asString().equals(asked.get(0).id().value().asString())));
  }

  @Test
  void aMemberWhoseSessionEndedIsToldAndReopenedWithTheClientsLogLevel() {
    Session s = open(group(Duration.ofSeconds(10), 100));
    assertThat(call(s, "logging/setLevel", Json.object().put("level", "debug"))).isInstanceOf(Message.Response.class);
    assertThat(b.forwarded).containsExactly("logging/setLevel");
    b.sessions.get(0).close("its child died");
    assertThat(standalone(s)).contains("notifications/tools/list_changed");
    assertThat(toolNames(s)).contains("b__u1");
    assertThat(b.sessions).hasSize(1);
    await().atMost(WAIT).until(() -> b.forwarded.stream().filter("logging/setLevel"::equals).count() == 2);
  }

  @Test
  void aGroupsMemberSessionsTakeTheirPlaceInTheKeysFairShareOfChildren() {
    a.slots = new dev.switchboard.upstream.BackendStatus.ChildSlots(2, 100);
    try (SessionRegistry registry = new SessionRegistry(dev.switchboard.config.SessionSettings.DEFAULTS,
        Limits.DEFAULTS)) {
      Session alice1 = registry.create("a", a, "alice", 10);
      Session alice2 = registry.create("a", a, "alice", 10);
      GroupDispatcher group = new GroupDispatcher(new GroupSpec("g", null, ToolFilter.ALL, WAIT, 100),
          List.of(new Member("a", a), new Member("b", b)), Limits.DEFAULTS, "test", p -> ToolFilter.ALL,
          registry::member);
      Session bob = registry.create("g", group, "bob", 10);
      EventStream out = new EventStream(1, 100, 1);
      bob.initialize(Message.request(RequestId.of(0), "initialize", Json.object().put("protocolVersion",
          "2025-06-18")), out);
      assertThat(Answers.await(out, WAIT)).get().isInstanceOf(Message.Response.class);

      assertThat(a.sessions).as("bob's member session on a").hasSize(1);
      assertThat(alice1.state()).as("alice's longest-idle session made room for it").isEqualTo(SessionState.CLOSED);
      assertThat(alice2.state()).isNotEqualTo(SessionState.CLOSED);
      assertThatThrownBy(() -> registry.create("a", a, "bob", 10)).as("bob already holds his share through the "
          + "group").isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.refusal())
              .isEqualTo(Refusal.TOO_MANY_SESSIONS_FOR_KEY));
      assertThat(registry.countFor("bob")).as("the group session counts once against the key's limit").isEqualTo(1);
    }
  }

  private GroupDispatcher group(Duration listTimeout, int pageSize) {
    return new GroupDispatcher(new GroupSpec("g", null, ToolFilter.ALL, listTimeout, pageSize),
        List.of(new Member("a", a), new Member("b", b)), Limits.DEFAULTS, "test", p -> ToolFilter.ALL);
  }

  private Session open(GroupDispatcher group) {
    Session s = new Session("group-session-1", "g", "anonymous", Limits.DEFAULTS, x -> {});
    s.attach(group);
    EventStream out = new EventStream(1, 100, 1);
    s.initialize(Message.request(RequestId.of(0), "initialize", Json.object().put("protocolVersion", "2025-06-18")),
        out);
    assertThat(Answers.await(out, WAIT)).get().isInstanceOf(Message.Response.class);
    return s;
  }

  private Message call(Session s, String method, @Nullable ObjectNode params) {
    EventStream out = s.openRequestStream(1);
    s.forward(Message.request(RequestId.of(nextId++), method, params), out);
    return Answers.await(out, WAIT).orElseThrow();
  }

  private static JsonNode result(Message m) {
    assertThat(m).isInstanceOf(Message.Response.class);
    return ((Message.Response) m).result();
  }

  private List<String> toolNames(Session s) {
    List<String> names = new ArrayList<>();
    result(call(s, "tools/list", Json.object())).path("tools").forEach(t -> names.add(t.path("name").asString()));
    return names;
  }

  private static long toolsChanged(Session s) {
    return standalone(s).stream().filter("notifications/tools/list_changed"::equals).count();
  }

  private static List<Message> messages(Session s) throws InterruptedException {
    return s.standalone().await(0, Duration.ZERO).events().stream().map(EventStream.Event::message).toList();
  }

  private static List<String> standalone(Session s) {
    try {
      return messages(s).stream().filter(m -> m instanceof Message.Notification)
          .map(m -> ((Message.Notification) m).method()).toList();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
