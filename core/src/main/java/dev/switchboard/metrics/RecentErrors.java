package dev.switchboard.metrics;

import dev.switchboard.gateway.RequestEvents;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last failed requests (JSON-RPC errors, tool errors, timeouts, crashes, never sent), newest first, for the status
 * page. Recording only takes a short lock and copies a few fields; thread safe.
 */
final class RecentErrors {
  private static final int KEEP = 20;
  private static final int MAX_MESSAGE = 300;

  private final ArrayDeque<ObjectNode> recent = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();

  void record(RequestEvents.Exchange e) {
    if (e.outcome() == RequestEvents.Ending.OK || e.outcome() == RequestEvents.Ending.CANCELLED) {
      return;
    }
    ObjectNode entry = Json.object().put("time", Instant.now().toString()).put("server", e.server())
        .put("method", e.request().method()).put("tool", e.tool() == null ? "" : e.tool())
        .put("outcome", e.outcome().name().toLowerCase(Locale.ROOT)).put("session", e.session().logId());
    if (e.answer() instanceof Message.ErrorResponse error) {
      entry.put("code", error.error().code()).put("message", cut(error.error().message()));
    }
    lock.lock();
    try {
      recent.addFirst(entry);
      if (recent.size() > KEEP) {
        recent.removeLast();
      }
    } finally {
      lock.unlock();
    }
  }

  ArrayNode json() {
    ArrayNode out = Json.NODES.arrayNode();
    lock.lock();
    try {
      recent.forEach(out::add);
    } finally {
      lock.unlock();
    }
    return out;
  }

  private static String cut(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }
}
