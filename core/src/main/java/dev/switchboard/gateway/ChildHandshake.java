package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.upstream.UpstreamException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's own {@code initialize} for a child that serves many sessions (shared) or one call: it declares the
 * client capabilities the gateway can route (sampling, elicitation), so a tool needing one works for clients that
 * have it and sessions without it get a clear error. {@code roots} only when asked: a shared child must never see
 * one client's roots, so it gets the server's configured roots (answered by the gateway) or none.
 */
final class ChildHandshake {
  private static final Logger LOG = LoggerFactory.getLogger(ChildHandshake.class);

  private ChildHandshake() {}

  /** Initializes the child on {@code link}; returns its {@code InitializeResult}. Blocks up to {@code timeout}. */
  static ObjectNode perform(Link link, String version, Duration timeout, boolean roots) {
    ObjectNode params = Json.object().put("protocolVersion", ProtocolVersion.LATEST_LEGACY);
    ObjectNode caps = params.putObject("capabilities");
    caps.putObject("sampling");
    caps.putObject("elicitation");
    if (roots) {
      caps.putObject("roots").put("listChanged", false);
    }
    params.putObject("clientInfo").put("name", "switchboard").put("version", version);
    Message answer = await(link, link.request("initialize", params, timeout), timeout);
    if (!(answer instanceof Message.Response r) || !r.result().isObject()) {
      JsonRpcError error = answer instanceof Message.ErrorResponse e ? e.error() : null;
      throw new UpstreamException(link.server(), "MCP server '" + link.server() + "' refused initialize: "
          + (error == null ? "no result" : error.message()));
    }
    link.notifyUpstream(Message.notification("notifications/initialized", null));
    return (ObjectNode) r.result();
  }

  /** The cached result re-addressed to one client: its request id, and the version it asked for when we speak it. */
  static Message.Response answerFor(Message.Request initialize, ObjectNode result) {
    ObjectNode copy = result.deepCopy();
    String requested = initialize.node().path("params").path("protocolVersion").asString("");
    copy.put("protocolVersion", ProtocolVersion.negotiate(requested));
    return Message.response(initialize.id(), copy);
  }

  static Message await(Link link, java.util.concurrent.CompletableFuture<Message> answer, Duration timeout) {
    try {
      return answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new UpstreamException(link.server(), "MCP server '" + link.server() + "' did not answer within "
          + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      LOG.warn("{}: the answer to a request of the gateway's own failed", link.server(), e.getCause());
      throw new UpstreamException(link.server(), "MCP server '" + link.server() + "' failed to answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(link.server(), "interrupted while initializing '" + link.server() + "'", e);
    }
  }
}
