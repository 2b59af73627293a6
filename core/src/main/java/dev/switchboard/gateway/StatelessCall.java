package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One 2026-07-28 call through a legacy child, across its rounds: its caller (no session), the stream its answer and
 * the child's requests arrive on, and the input requests of the round that is open. Used by one thread at
 * a time: the request serving it, or (while parked) whoever takes it from {@link StatelessFront}'s table.
 */
final class StatelessCall {
  /** How long to wait for more input requests after one arrives, so requests sent together share one round. */
  private static final Duration GATHER = Duration.ofMillis(40);

  final long id;
  final StatelessRequest caller;
  final String target;
  final @Nullable JsonNode serverInfo;
  private final EventStream out;
  private final ArrayDeque<Message> backlog = new ArrayDeque<>();
  private final Map<String, Message.Request> pending = new LinkedHashMap<>();
  private long cursor;
  private int token;
  private int round;
  private long expiresAtNanos = Long.MAX_VALUE;
  /** The URL elicitations the child ended the call with, while the client has yet to accept them all; else null. */
  private @Nullable ObjectNode reissue;

  StatelessCall(long id, StatelessRequest caller, EventStream out, String target, @Nullable JsonNode serverInfo) {
    this.id = id;
    this.caller = caller;
    this.out = out;
    this.target = target;
    this.serverInfo = serverInfo;
  }

  void attach() {
    token = out.attach();
  }

  void detach() {
    out.detach(token);
  }

  /** One HTTP request's part is written: the call's gateway share, if it ended in that part, is known now. */
  void written(long now) {
    out.written(now);
  }

  /** The next message for the client, or null if none came within {@code wait} (or the stream ended). */
  @Nullable Message poll(Duration wait) throws InterruptedException {
    if (backlog.isEmpty()) {
      fill(wait);
    }
    return backlog.poll();
  }

  boolean ended() {
    return backlog.isEmpty() && (out.isFinished() || out.isCutOff());
  }

  /** Input requests that arrived with {@code first} or right after it; other messages stay queued in order. */
  List<Message.Request> gather(Message.Request first) throws InterruptedException {
    List<Message.Request> requests = new java.util.ArrayList<>(List.of(first));
    for (int i = 0; i < 8; i++) {
      while (backlog.peek() instanceof Message.Request r) {
        requests.add(r);
        backlog.poll();
      }
      if (!backlog.isEmpty() || !fill(GATHER)) {
        break;
      }
    }
    return requests;
  }

  Map<String, Message.Request> pending() {
    return pending;
  }

  int round() {
    return round;
  }

  /** Opens the next round of questions; the key a child request gets is its own id where that is plain. */
  void ask(String key, Message.Request request) {
    pending.put(pending.containsKey(key) ? request.id().value().asString() : key, request);
  }

  /** The child ended the call demanding these URL elicitations: the retry that accepts them sends it anew. */
  void reissueAfter(ObjectNode asked) {
    reissue = asked;
  }

  /** The URL elicitations still to accept before the request goes to the child anew; null for a call in progress. */
  @Nullable ObjectNode reissue() {
    return reissue;
  }

  void parkUntil(long nanos) {
    round++;
    expiresAtNanos = nanos;
  }

  boolean expired(long now) {
    return now - expiresAtNanos > 0;
  }

  /** Gives the child the client's answer to one of its questions. */
  void answer(Message.Request question, JsonNode result) {
    caller.accept(Message.response(question.id(), result));
    inputs().forget(question.id());
  }

  /** The client will not answer: every open question gets an error, and the call ends. */
  void abandon(String reason) {
    pending.values().forEach(q -> caller.accept(Message.error(q.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
        reason))));
    pending.clear();
    caller.close(reason);
  }

  StatelessInputs inputs() {
    return caller.inputs();
  }

  private boolean fill(Duration wait) throws InterruptedException {
    EventStream.Batch batch = out.await(cursor, wait, token);
    for (EventStream.Event e : batch.events()) {
      backlog.add(e.message());
      cursor = e.seq();
      out.delivered(e.seq());
    }
    return !batch.events().isEmpty();
  }
}
