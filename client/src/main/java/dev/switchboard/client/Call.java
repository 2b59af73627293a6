package dev.switchboard.client;

import dev.switchboard.client.internal.Pending;
import dev.switchboard.protocol.RequestId;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A request on its way: {@link #await()} blocks for the result (or the timeout), {@link #cancel} tells the server to
 * stop. Thread safe: one thread may await while another cancels.
 */
public final class Call {
  private final Channel channel;
  private final Pending pending;
  private final Duration timeout;
  private final boolean resetOnProgress;

  Call(Channel channel, Pending pending, Duration timeout, boolean resetOnProgress) {
    this.channel = channel;
    this.pending = pending;
    this.timeout = timeout;
    this.resetOnProgress = resetOnProgress;
  }

  public RequestId id() {
    return pending.id();
  }

  public String method() {
    return pending.method();
  }

  public Duration timeout() {
    return timeout;
  }

  /** The result; throws {@link RpcException}, {@link RequestTimeoutException} or another {@link ClientException}. */
  public JsonNode await() {
    return channel.await(this);
  }

  /** Sends {@code notifications/cancelled}; the awaiting thread gets a {@link RequestCancelledException}. */
  public void cancel(String reason) {
    channel.cancel(pending, reason);
  }

  public boolean isDone() {
    return pending.answer().isDone();
  }

  Pending pending() {
    return pending;
  }

  boolean resetOnProgress() {
    return resetOnProgress;
  }
}
