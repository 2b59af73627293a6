package dev.switchboard.transport.websocket;

import dev.switchboard.config.GatewaySettings;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.transport.Conversation;
import java.time.Duration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The WebSocket side of the HTTP listener: frame limits from the config, and the upgrade of an admitted request
 * into a {@link WebSocketConnection} with a session of its own. The subprotocol {@code mcp} is accepted when the
 * client offers it. Thread safe.
 */
public final class WebSockets {
  public static final String SUBPROTOCOL = "mcp";

  private final Gateway gateway;
  private final ServerWebSocketContainer container;

  private WebSockets(Gateway gateway, ServerWebSocketContainer container) {
    this.gateway = gateway;
    this.container = container;
  }

  /** Installs WebSocket support on {@code server} (before it starts). */
  public static WebSockets install(Server server, Gateway gateway) {
    ServerWebSocketContainer container = ServerWebSocketContainer.ensure(server);
    GatewaySettings settings = gateway.config().gateway();
    container.setMaxTextMessageSize(settings.limits().maxBodyBytes());
    container.setMaxBinaryMessageSize(64 * 1024);
    container.setIdleTimeout(Duration.ofMillis(Math.max(Duration.ofMinutes(5).toMillis(),
        settings.heartbeat().toMillis() * 4)));
    return new WebSockets(gateway, container);
  }

  /** Whether {@code request} asks to become a WebSocket. */
  public static boolean isUpgrade(Request request) {
    String upgrade = request.getHeaders().get("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  /**
   * Upgrades an admitted request to a WebSocket carrying a new session on {@code server}, from the client at
   * {@code address} (as the HTTP layer tells it: the proxy's {@code X-Forwarded-For} when trusted); the session is
   * opened first, so a refusal (capacity, shutting down) is an ordinary HTTP answer. Takes over {@code callback};
   * false if the request was not a valid upgrade (nothing was sent).
   */
  public boolean upgrade(String server, String principal, String address, Request request, Response response,
      Callback callback) {
    Conversation conversation = Conversation.open(gateway, server, principal);
    conversation.session().origin("websocket", address);
    Duration keepAlive = gateway.config().gateway().heartbeat();
    boolean upgraded = container.upgrade((rq, rs, cb) -> {
      if (rq.hasSubProtocol(SUBPROTOCOL)) {
        rs.setAcceptedSubProtocol(SUBPROTOCOL);
      }
      return new WebSocketConnection(conversation, keepAlive);
    }, request, response, callback);
    if (!upgraded) {
      conversation.close("not a valid WebSocket upgrade");
    }
    return upgraded;
  }
}
