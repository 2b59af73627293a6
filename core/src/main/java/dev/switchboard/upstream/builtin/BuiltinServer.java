package dev.switchboard.upstream.builtin;

import dev.switchboard.config.ServerSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP server implemented in this JVM. The in-process upstream does the protocol (handshake, ping, listing and
 * calling tools, resources, errors); a server supplies its tools, optionally its {@link Resources}, and, for anything
 * else, extra method handlers (which also add their capabilities). Implementations must be thread safe: calls
 * arrive concurrently from every connection.
 */
public interface BuiltinServer extends AutoCloseable {
  String name();

  String version();

  default String instructions() {
    return "";
  }

  List<Tool> tools();

  /** The server's resources, or null when it has none; {@code resources/*} is then answered "method not found". */
  default @Nullable Resources resources() {
    return null;
  }

  /** Extra methods (e.g. {@code completion/complete}), keyed by method name. */
  default Map<String, MethodHandler> methods() {
    return Map.of();
  }

  /** Capabilities beyond {@code tools}, {@code logging} and {@code resources}. */
  default ObjectNode extraCapabilities() {
    return dev.switchboard.protocol.Json.object();
  }

  /** Releases what the server holds (watchers, threads); called once when its backend closes. Idempotent. */
  @Override
  default void close() {}

  /**
   * Makes one kind of built-in server from its config entry. Providers are found with {@link java.util.ServiceLoader}
   * (listed in {@code META-INF/services/dev.switchboard.upstream.builtin.BuiltinServer$Provider}), so neither the
   * gateway nor {@link BuiltinServers} names a server. Implementations are public, stateless and have a public
   * no-argument constructor.
   */
  interface Provider {
    /** The value of {@code "builtin"} this provider serves, e.g. {@code notes}. */
    String name();

    /**
     * What is wrong with an entry's options, one message per problem for the user (without the entry's name, which
     * the caller adds); empty when the options are usable.
     */
    default List<String> problems(ObjectNode options) {
      return List.of();
    }

    /**
     * The server for an entry whose options have no {@link #problems}. Throws {@link IllegalArgumentException} for
     * options that turn out unusable only now (an invalid rule file), {@link IOException} when it cannot start.
     */
    BuiltinServer create(ServerSpec spec, Context context) throws IOException;
  }

  /**
   * What a provider may use besides the entry: this build's version, inside the daemon the gateway (which only the
   * {@code switchboard} server needs; null elsewhere), and whether the gateway listens on loopback only — off it
   * (team mode), a server must not fall back to the user's own folders.
   */
  record Context(String version, @Nullable Introspection gateway, boolean loopbackOnly) {
    /** On loopback: the CLI's own use, and the daemon's default. */
    public Context(String version, @Nullable Introspection gateway) {
      this(version, gateway, true);
    }
  }

  /** Handles one request method; returns the result or throws {@link ToolException}-style errors. */
  @FunctionalInterface
  interface MethodHandler {
    tools.jackson.databind.JsonNode handle(tools.jackson.databind.JsonNode params, ToolContext context)
        throws Exception;
  }
}
