package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.UpstreamExit;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** What a {@link Link}'s owner is asked to do, in the order it was asked (run under the link's turn); immutable. */
sealed interface LinkEvent {
  /** A message for the server; {@code pending} is the request it starts, null for notifications. */
  record Send(@Nullable Pending pending, Message message) implements LinkEvent {}

  /** A client's {@code notifications/cancelled}, still under the client's id. */
  record Cancel(Caller session, Message.Notification cancelled) implements LinkEvent {}

  /** A client's answer to a server-initiated request, still under its {@code sb-N} id. */
  record AnswerServer(Caller session, Message answer) implements LinkEvent {}

  /** End the requests of one session ({@code session} set) or all of them; {@code done} completes after. */
  record Fail(@Nullable Caller session, JsonRpcError error, Outcome outcome,
      CompletableFuture<Void> done) implements LinkEvent {}

  /** The supervisor's periodic care: deadlines and the liveness probe. */
  record Tick(long now) implements LinkEvent {}

  /** Something the server sent, as the reader parsed it. */
  record Received(Message message) implements LinkEvent {}

  /** The upstream has gone; the last event a link's owner handles. */
  record Closed(UpstreamExit exit) implements LinkEvent {}
}
