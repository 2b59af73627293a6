package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One HTTP request's part in a {@link StatelessCall}: it reads the call's stream until the answer, turning the
 * child's requests into an input-required result (and parking the call for the client's retry). Inputs the request
 * already carries answer matching questions at once. Used by the request's thread only.
 */
final class CallExchange implements StatelessExchange {
  private final StatelessFront front;
  private final StatelessCall call;
  private final Message.Request request;
  private final String method;
  private final @Nullable ObjectNode offered;
  private boolean done;

  CallExchange(StatelessFront front, StatelessCall call, Message.Request request, @Nullable ObjectNode offered) {
    this.front = front;
    this.call = call;
    this.request = request;
    this.method = request.method();
    this.offered = offered;
  }

  @Override
  public Step next(Duration wait) throws InterruptedException {
    if (done) {
      throw new IllegalStateException("the exchange has ended");
    }
    while (true) {
      Message m = call.poll(wait);
      if (m == null) {
        return call.ended() ? end(Message.error(request.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
            "The server's answer was lost"))) : Step.IDLE;
      }
      Step step = switch (m) {
        case Message.Response r -> end(r);
        case Message.ErrorResponse e -> end(e);
        case Message.Notification n -> forClient(n);
        case Message.Request r -> questions(r);
      };
      if (step != null) {
        return step;
      }
    }
  }

  @Override
  public void written(long now) {
    call.written(now);
  }

  @Override
  public void abandon() {
    if (!done) {
      done = true;
      call.detach();
      call.caller.close("the client closed the request");
    }
  }

  private @Nullable Step forClient(Message.Notification n) {
    return n.method().equals("notifications/progress") || n.method().equals("notifications/message")
        ? new Step.Notify(n) : null;
  }

  /** The child asks the client something: answer from what the request carries, else ask the client. */
  private @Nullable Step questions(Message.Request first) throws InterruptedException {
    List<Message.Request> asked = call.gather(first);
    ObjectNode inputRequests = Json.object();
    for (Message.Request q : asked) {
      String key = call.inputs().keyFor(q.id());
      JsonNode given = offered == null ? null : offered.get(key);
      if (given instanceof ObjectNode answer) {
        call.answer(q, answer);
      } else {
        call.ask(key, q);
      }
    }
    if (call.pending().isEmpty()) {
      return null;
    }
    call.pending().forEach((key, q) -> inputRequests.set(key, question(q)));
    done = true;
    call.detach();
    return new Step.Final(ModernResults.inputRequired(request, inputRequests, front.park(call)));
  }

  private Step end(Message answer) {
    if (answer instanceof Message.ErrorResponse e && e.error().code() == JsonRpcError.URL_ELICITATION_REQUIRED) {
      return urlElicitations(e.error());
    }
    done = true;
    call.detach();
    Message shaped = ModernResults.complete(method, answer, call.inputs().refusedCapabilities(), call.serverInfo);
    call.caller.close("answered");
    return new Step.Final(withId(shaped));
  }

  /**
   * The child ended the call demanding URL elicitations, which 2026-07-28 expresses as input requests: the call is
   * parked without its caller (whose child is free again), and the retry that accepts them all sends the request anew.
   */
  private Step urlElicitations(JsonRpcError error) {
    done = true;
    call.detach();
    call.caller.close("answered");
    ObjectNode asked = UrlElicitations.inputRequests(error);
    if (asked == null) {
      return new Step.Final(Message.error(request.id(), UrlElicitations.malformed(error)));
    }
    if (!call.caller.declaresUrlElicitation()) {
      return new Step.Final(Message.error(request.id(), UrlElicitations.missingCapability(error)));
    }
    call.reissueAfter(asked);
    return new Step.Final(ModernResults.inputRequired(request, asked, front.park(call)));
  }

  private Message withId(Message m) {
    return switch (m) {
      case Message.Response r -> r.withId(request.id());
      case Message.ErrorResponse e -> e.withId(request.id());
      default -> m;
    };
  }

  static ObjectNode question(Message.Request q) {
    ObjectNode node = Json.object().put("method", q.method());
    JsonNode params = q.params();
    node.set("params", params == null ? Json.object() : params);
    return node;
  }
}
