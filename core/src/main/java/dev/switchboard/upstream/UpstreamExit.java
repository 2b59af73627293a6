package dev.switchboard.upstream;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;

/**
 * How an upstream ended: the server's name, the exit code when a process exited, why, and the tail of its stderr.
 * {@code expected} is true when the gateway itself closed it.
 */
public record UpstreamExit(String server, @Nullable Integer exitCode, String reason, String stderrTail,
    boolean expected) {

  /** The JSON-RPC error a client receives for a request that was in flight when this happened. */
  public JsonRpcError toError() {
    var data = Json.object().put("server", server).put("reason", reason).put("stderrTail", stderrTail);
    if (exitCode != null) {
      data.put("exitCode", exitCode);
    }
    return new JsonRpcError(JsonRpcError.SERVER_ERROR, describe(), data);
  }

  /**
   * The same exit without its stderr: what may be shown to anyone but the one principal whose session the child
   * served (a child's stderr can echo that principal's arguments, paths or tokens).
   */
  public UpstreamExit withoutStderr() {
    return stderrTail.isEmpty() ? this : new UpstreamExit(server, exitCode, reason, "", expected);
  }

  public String describe() {
    String code = exitCode == null ? "" : " (exit code " + exitCode + ")";
    String tail = stderrTail.isBlank() ? "" : "; stderr tail: " + stderrTail.strip();
    return "MCP server '" + server + "' " + reason + code + tail;
  }
}
