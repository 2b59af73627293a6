package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.BackendState;
import dev.switchboard.upstream.BackendStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.node.ObjectNode;

/**
 * A member server for group tests, in memory: it lists its tools {@code page} at a time (and a prompt per tool),
 * answers a call with the tool's name and a prompt or completion request with what it was sent, can hold its lists back until released, and records what its sessions were sent.
 */
final class FakeMember implements Dispatcher {
  final String name;
  final List<String> tools = new CopyOnWriteArrayList<>();
  final List<Caller> sessions = new CopyOnWriteArrayList<>();
  final List<Message> accepted = new CopyOnWriteArrayList<>();
  final List<String> forwarded = new CopyOnWriteArrayList<>();
  final int page;
  volatile BackendState state = BackendState.RUNNING;
  /** Set when each session of this member is to hold a child of its own (the registry's fair shares apply). */
  volatile BackendStatus.@org.jspecify.annotations.Nullable ChildSlots slots;
  volatile CountDownLatch listGate = new CountDownLatch(0);
  volatile CountDownLatch initializeGate = new CountDownLatch(0);
  /** Declares resources but answers -32601 to {@code resources/templates/list}, as many servers with no templates do. */
  volatile boolean noTemplates;

  FakeMember(String name, int page, String... tools) {
    this.name = name;
    this.page = page;
    this.tools.addAll(List.of(tools));
  }

  @Override
  public void initialize(Caller session, Message.Request initialize, EventStream out) {
    sessions.add(session);
    ObjectNode result = Json.object().put("protocolVersion", "2025-06-18");
    ObjectNode capabilities = result.putObject("capabilities");
    capabilities.putObject("tools");
    capabilities.putObject("prompts");
    capabilities.putObject("completions");
    if (noTemplates) {
      capabilities.putObject("resources");
    }
    result.putObject("serverInfo").put("name", name).put("version", "1");
    Message.Response answer = Message.response(initialize.id(), result);
    Thread.ofVirtual().start(() -> {
      await(initializeGate);
      session.initialized(answer, out);
    });
  }

  @Override
  public void forward(Caller session, Message.Request request, EventStream out) {
    forwarded.add(request.method());
    switch (request.method()) {
      case "tools/list" -> Thread.ofVirtual().start(() -> {
        await(listGate);
        out.offer(Message.response(request.id(), list(request.node().path("params").path("cursor").asInt(0))));
      });
      case "tools/call" -> out.offer(Message.response(request.id(), Json.object().put("called",
          name + ":" + request.node().path("params").path("name").asString())));
      case "prompts/list" -> out.offer(Message.response(request.id(), prompts()));
      case "prompts/get", "completion/complete" -> out.offer(Message.response(request.id(), Json.object()
          .put("member", name).set("params", request.node().path("params").deepCopy())));
      case "resources/templates/list" -> out.offer(noTemplates ? Message.error(request.id(),
          new dev.switchboard.protocol.JsonRpcError(-32601, "Method not found"))
          : Message.response(request.id(), Json.object()));
      default -> out.offer(Message.response(request.id(), Json.object()));
    }
  }

  /** One prompt per tool, {@code p-TOOL}, on one page. */
  private ObjectNode prompts() {
    ObjectNode result = Json.object();
    var array = result.putArray("prompts");
    tools.forEach(t -> array.addObject().put("name", "p-" + t));
    return result;
  }

  private ObjectNode list(int from) {
    ObjectNode result = Json.object();
    var array = result.putArray("tools");
    tools.subList(from, Math.min(tools.size(), from + page)).forEach(t -> array.addObject().put("name", t));
    if (from + page < tools.size()) {
      result.put("nextCursor", Integer.toString(from + page));
    }
    return result;
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void accept(Caller session, Message message) {
    accepted.add(message);
  }

  @Override
  public CompletableFuture<Void> sessionClosed(Caller session, String reason) {
    sessions.remove(session);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public int inFlight(Caller session) {
    return 0;
  }

  @Override
  public void tick(long now) {}

  @Override
  public BackendStatus status() {
    return new BackendStatus(name, "fake", state, sessions.size(), state == BackendState.RUNNING ? null : "it broke",
        slots);
  }

  @Override
  public void close() {}
}
