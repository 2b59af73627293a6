package dev.switchboard.client;

import dev.switchboard.client.internal.Calls;
import dev.switchboard.client.internal.Connection;
import dev.switchboard.client.internal.EventQueue;
import dev.switchboard.client.internal.Pending;
import dev.switchboard.client.schema.Progress;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Routes what the server sends: answers complete their calls, progress goes to its call's listener, other
 * notifications to the registered listeners (both through the event queue), and requests to {@link ServerRequests}.
 * Runs on transport reader threads and never blocks on application code. Thread safe.
 */
final class Inbound implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Inbound.class.getName());

  private final ClientBuilder settings;
  private final Calls calls;
  private final EventQueue events;
  private final ServerRequests requests;

  Inbound(ClientBuilder settings, Calls calls, EventQueue events, ServerRequests requests) {
    this.settings = settings;
    this.calls = calls;
    this.events = events;
    this.requests = requests;
  }

  /** The receiver for one connection: its end fails the calls still waiting on it. */
  Transport.Receiver receiver(Connection connection) {
    return new Transport.Receiver() {
      @Override
      public void onMessage(Message message) {
        route(connection, message);
      }

      @Override
      public void onSessionExpired() {
        connection.die(null);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        ended(connection, cause);
      }
    };
  }

  @Override
  public void close() {
    requests.close();
  }

  private void route(Connection connection, Message message) {
    switch (message) {
      case Message.Response response -> answered(response.id(), message);
      case Message.ErrorResponse error when error.id() != null -> answered(error.id(), message);
      case Message.ErrorResponse error -> LOG.log(System.Logger.Level.WARNING, "the server reported an error "
          + "for no request: {0}", error.error().message());
      case Message.Request request -> requests.handle(connection, request);
      case Message.Notification notification -> notification(notification);
    }
  }

  private void answered(RequestId id, Message answer) {
    Pending pending = calls.remove(id);
    if (pending == null) {
      LOG.log(System.Logger.Level.DEBUG, "an answer to request {0}, which no longer waits", id);
      return;
    }
    pending.answered(answer, events.queued());
  }

  private void notification(Message.Notification notification) {
    JsonNode params = notification.node().path("params");
    switch (notification.method()) {
      case "notifications/progress" -> progress(params);
      case "notifications/cancelled" -> requests.cancel(params.path("requestId"));
      default -> {}
    }
    List<Consumer<Message.Notification>> exact = settings.listeners.getOrDefault(notification.method(), List.of());
    List<Consumer<Message.Notification>> all = settings.listeners.getOrDefault("*", List.of());
    if (!exact.isEmpty() || !all.isEmpty()) {
      events.offer(() -> {
        exact.forEach(l -> l.accept(notification));
        all.forEach(l -> l.accept(notification));
      });
    }
  }

  private void progress(JsonNode params) {
    Pending pending = calls.byToken(params.path("progressToken"));
    if (pending == null) {
      return;
    }
    pending.touch();
    Consumer<Progress> listener = pending.progress();
    if (listener != null) {
      Progress progress = Progress.from(params);
      events.offer(() -> listener.accept(progress));
    }
  }

  private void ended(Connection connection, @Nullable Throwable cause) {
    connection.die(cause);
    String why = cause == null ? "the connection was closed" : Failures.describe(cause);
    for (Pending p : calls.drain(connection)) {
      p.fail(new ClientException(p.method() + " failed: " + why, cause));
    }
  }
}
