package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;

/** What a 2026-07-28 request's wire writes next: a notification about the request, its final answer, or nothing yet. */
public sealed interface Step {
  /** Nothing arrived within the wait: a streaming wire sends a keep-alive. */
  Step IDLE = new Idle();

  /** Progress or a log message for the request, written before its answer on the same response. */
  record Notify(Message.Notification notification) implements Step {}

  /** The request's answer (a complete or input-required result, or an error); nothing follows it. */
  record Final(Message answer) implements Step {}

  /** See {@link #IDLE}. */
  record Idle() implements Step {}
}
