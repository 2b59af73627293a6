package dev.switchboard.cli.client;

import dev.switchboard.client.ClientException;
import dev.switchboard.client.ConnectionFailedException;
import dev.switchboard.client.RpcException;
import java.io.PrintWriter;

/** Maps what can go wrong in a client command to a message on stderr and the documented exit code. Stateless. */
final class Outcomes {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int UNREACHABLE = 3;

  private Outcomes() {}

  /** The work of one command; returns its exit code. */
  @FunctionalInterface
  interface Work {
    int run() throws Exception;
  }

  static int run(PrintWriter err, String server, Work work) {
    try {
      return work.run();
    } catch (Connector.Unreachable e) {
      return fail(err, "switchboard: " + e.getMessage(), UNREACHABLE);
    } catch (ConnectionFailedException e) {
      return fail(err, "switchboard: cannot reach MCP server '" + server + "': " + e.getMessage(), UNREACHABLE);
    } catch (RpcException e) {
      return fail(err, "error: " + e.error().message() + " (JSON-RPC error " + e.code() + ")", FAILED);
    } catch (ClientException | IllegalArgumentException e) {
      return fail(err, "error: " + e.getMessage(), FAILED);
    } catch (Exception e) {
      return fail(err, "error: " + e, FAILED);
    }
  }

  private static int fail(PrintWriter err, String message, int code) {
    err.println(message);
    err.flush();
    return code;
  }
}
