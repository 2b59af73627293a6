package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON-RPC messages the bench sends, as exact bytes shared by every target (the HTTP bodies and the stdio lines
 * are the same bytes), and the cheap checks it makes on answers. Stateless.
 */
final class Wire {
  static final String PROTOCOL_VERSION = "2025-06-18";
  static final String ECHO_TEXT = "hello";

  static final byte[] INITIALIZED = ascii("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

  private static final byte[] CALL_HEAD = ascii("{\"jsonrpc\":\"2.0\",\"id\":");
  private static final byte[] CALL_TAIL = ascii(
      ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + ECHO_TEXT + "\"}}}");
  private static final byte[] STATELESS_TAIL = ascii(",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
      + "\"arguments\":{\"text\":\"" + ECHO_TEXT + "\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
      + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":"
      + "{\"name\":\"switchboard-bench\",\"version\":\"0\"}}}}");
  private static final byte[] ID_KEY = ascii("\"id\":");
  private static final byte[] RESULT_KEY = ascii("\"result\":");

  private Wire() {}

  static byte[] initialize(long id) {
    return ascii("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + PROTOCOL_VERSION
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"switchboard-bench\",\"version\":\"0\"}}}");
  }

  static byte[] ping(long id) {
    return ascii("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
  }

  /** The same call as a 2026-07-28 request: its {@code _meta} says who sends it, as that revision requires. */
  static byte[] statelessEchoCall(long id) {
    return call(id, STATELESS_TAIL);
  }

  /** {@code tools/call echo {text: "hello"}} with this id. */
  static byte[] echoCall(long id) {
    return call(id, CALL_TAIL);
  }

  /** {@code tools/call TOOL {text: "hello"}} with this id (a group's {@code MEMBER__echo}). */
  static byte[] toolCall(long id, String tool) {
    return call(id, ascii(",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{\"text\":\"" + ECHO_TEXT + "\"}}}"));
  }

  /** {@code tools/list}, from {@code cursor} when not null. */
  static byte[] toolsList(long id, @org.jspecify.annotations.Nullable String cursor) {
    return call(id, ascii(",\"method\":\"tools/list\",\"params\":{" + (cursor == null ? "" : "\"cursor\":\""
        + cursor + "\"") + "}}"));
  }

  private static byte[] call(long id, byte[] tail) {
    byte[] digits = ascii(Long.toString(id));
    byte[] out = new byte[CALL_HEAD.length + digits.length + tail.length];
    System.arraycopy(CALL_HEAD, 0, out, 0, CALL_HEAD.length);
    System.arraycopy(digits, 0, out, CALL_HEAD.length, digits.length);
    System.arraycopy(tail, 0, out, CALL_HEAD.length + digits.length, tail.length);
    return out;
  }

  /** The numeric top-level id of a compact JSON-RPC answer ({@code "id":N} is its first {@code "id":}), or -1. */
  static long idOf(byte[] body, int length) {
    int at = indexOf(body, length, ID_KEY, 0);
    if (at < 0) {
      return -1;
    }
    long id = 0;
    int i = at + ID_KEY.length;
    if (i >= length || body[i] < '0' || body[i] > '9') {
      return -1;
    }
    while (i < length && body[i] >= '0' && body[i] <= '9') {
      id = id * 10 + (body[i++] - '0');
    }
    return id;
  }

  /** Throws unless {@code body} is a success answer (with the given id, when {@code id >= 0}). */
  static void expectResult(byte[] body, int length, long id, String who) throws IOException {
    if (indexOf(body, length, RESULT_KEY, 0) < 0) {
      throw new IOException(who + ": not a result: " + new String(body, 0, Math.min(length, 300),
          StandardCharsets.UTF_8));
    }
    if (id >= 0 && idOf(body, length) != id) {
      throw new IOException(who + ": expected id " + id + " in " + new String(body, 0, Math.min(length, 300),
          StandardCharsets.UTF_8));
    }
  }

  static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
    outer:
    for (int i = from; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
