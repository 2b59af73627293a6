package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import org.jspecify.annotations.Nullable;

/**
 * A request's {@link AnswerSink} that also tells the link owner's {@link RequestEvents} how the request ended; the
 * gateway's share is left to the stream's writer when it times its exchange (claimed before the answer is on the
 * stream). Called on the link's owner thread, once.
 */
final class ObservedSink implements AnswerSink {
  private final String server;
  private final RequestEvents events;
  private final Caller caller;
  private final Message.Request request;
  private final @Nullable String tool;
  private final String trace;
  private final SendTimes times;
  private final EventStream out;
  private final AnswerSink sink;
  private final long started = System.nanoTime();

  private ObservedSink(String server, RequestEvents events, Caller caller, Message.Request request, String trace,
      SendTimes times, EventStream out, AnswerSink sink) {
    this.server = server;
    this.events = events;
    this.caller = caller;
    this.request = request;
    this.tool = request.method().equals("tools/call")
        ? request.node().path("params").path("name").asString(null) : null;
    this.trace = trace;
    this.times = times;
    this.out = out;
    this.sink = sink;
  }

  /** {@code sink} itself when nobody listens for request events, else {@code sink} observed. */
  static AnswerSink of(String server, RequestEvents events, Caller caller, Message.Request request, String trace,
      SendTimes times, EventStream out, AnswerSink sink) {
    return events == RequestEvents.NONE ? sink
        : new ObservedSink(server, events, caller, request, trace, times, out, sink);
  }

  @Override
  public void answered(Message answer, Outcome outcome) {
    ShareClock.@Nullable Claim claim = out.claimShare(request.id());
    // read before the answer is on the stream: its writer may finish before this thread runs on, and the
    // request's duration must not outlast the exchange the writer times
    long now = System.nanoTime();
    sink.answered(answer, outcome);
    RequestEvents.Exchange exchange = exchange(answer, RequestEvents.Ending.of(answer, outcome), now);
    events.ended(exchange);
    if (claim != null) {
      out.share(claim, events, exchange);
    } else {
      events.gatewayShare(exchange, exchange.gatewayNanos());
    }
  }

  /** The client's cancellation: no answer will be written, so the link's own measure is the share. */
  @Override
  public void cancelled() {
    sink.cancelled();
    out.forgetShare(request.id());
    RequestEvents.Exchange exchange = exchange(Message.error(request.id(), new JsonRpcError(
        JsonRpcError.SERVER_ERROR, "Request cancelled by the client")), RequestEvents.Ending.CANCELLED,
        System.nanoTime());
    events.ended(exchange);
    events.gatewayShare(exchange, exchange.gatewayNanos());
  }

  private RequestEvents.Exchange exchange(Message answer, RequestEvents.Ending ending, long now) {
    return new RequestEvents.Exchange(server, caller, request, tool, trace, answer, ending, now - started,
        times.upstreamNanos(now));
  }
}
