package dev.switchboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1, as small as a client can be: it writes the request bytes in one
 * write, then parses the status line, the few headers it needs and a Content-Length (or chunked) body. The gateway
 * and the floor are driven through this same code. SSE answers are reduced to their last {@code data:} payload.
 * Not thread safe: one session thread owns it.
 */
final class RawHttpConnection implements AutoCloseable {
  private final Socket socket;
  private final ByteReader in;
  private final OutputStream out;
  private final String host;
  private final ByteArrayOutputStream request = new ByteArrayOutputStream(1024);

  /** An answer: status, the headers the bench uses, and the body (or the last SSE data payload). */
  // The body is a fresh array per answer that is only read afterwards; copying it again would add an allocation per
  // call to the measured path, and replies are never compared or hashed.
  @SuppressWarnings("ArrayRecordComponent")
  record Reply(int status, @Nullable String contentType, @Nullable String sessionId, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  RawHttpConnection(int port, Duration readTimeout) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) readTimeout.toMillis());
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    in = new ByteReader(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
    host = "127.0.0.1:" + port;
  }

  /**
   * The fixed part of a POST to {@code path}, up to and including {@code "Content-Length: "}: prepare it once per
   * session, then {@link #post} only appends the length and the body.
   */
  byte[] preparePost(String path, @Nullable String sessionId) {
    StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Accept: application/json, text/event-stream\r\n");
    if (sessionId != null) {
      head.append("Mcp-Session-Id: ").append(sessionId).append("\r\n");
    }
    head.append("MCP-Protocol-Version: ").append(Wire.PROTOCOL_VERSION).append("\r\n").append("Content-Length: ");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The head of a 2026-07-28 {@code tools/call echo}: no session, the revision's standard headers. */
  byte[] prepareStatelessPost(String path) {
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
        + "Mcp-Method: tools/call\r\nMcp-Name: echo\r\nContent-Length: ";
    return head.getBytes(StandardCharsets.ISO_8859_1);
  }

  Reply post(byte[] prepared, byte[] body) throws IOException {
    request.reset();
    request.write(prepared);
    request.write(Wire.ascii(Integer.toString(body.length)));
    request.write('\r');
    request.write('\n');
    request.write('\r');
    request.write('\n');
    request.write(body);
    request.writeTo(out);
    out.flush();
    return read();
  }

  Reply delete(String path, String sessionId) throws IOException {
    String head = "DELETE " + path + " HTTP/1.1\r\nHost: " + host + "\r\nMcp-Session-Id: " + sessionId
        + "\r\nMCP-Protocol-Version: " + Wire.PROTOCOL_VERSION + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read();
  }

  Reply get(String path) throws IOException {
    String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read();
  }

  private Reply read() throws IOException {
    if (in.readLine() < 0) {
      throw new IOException("connection closed before a status line");
    }
    String status = in.lineText();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("bad status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    String contentType = null;
    String sessionId = null;
    while (true) {
      int n = in.readLine();
      if (n < 0) {
        throw new IOException("connection closed inside the headers");
      }
      if (n == 0) {
        break;
      }
      String header = in.lineText();
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "content-type" -> contentType = value;
        case "mcp-session-id" -> sessionId = value;
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      body = readChunked();
    } else if (length >= 0) {
      body = in.readFully((int) length);
    } else if (code == 204 || code == 304 || code / 100 == 1) {
      body = new byte[0];
    } else {
      throw new IOException("HTTP " + code + " without Content-Length or chunking; the bench keeps connections alive");
    }
    if (contentType != null && contentType.startsWith("text/event-stream")) {
      body = lastSseData(body);
    }
    return new Reply(code, contentType, sessionId, body);
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      if (in.readLine() < 0) {
        throw new IOException("connection closed inside a chunked body");
      }
      String sizeLine = in.lineText();
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
      if (size == 0) {
        while (in.readLine() > 0) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readFully(size));
      in.readLine(); // CRLF after the chunk
    }
  }

  /** The last non-empty {@code data:} payload of an SSE body (multi-line data joined with LF). */
  static byte[] lastSseData(byte[] sse) {
    String last = "";
    StringBuilder current = new StringBuilder();
    for (String line : new String(sse, StandardCharsets.UTF_8).split("\r?\n", -1)) {
      if (line.isEmpty()) {
        if (!current.isEmpty()) {
          last = current.toString();
        }
        current.setLength(0);
      } else if (line.startsWith("data:")) {
        if (!current.isEmpty()) {
          current.append('\n');
        }
        current.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    if (!current.isEmpty()) {
      last = current.toString();
    }
    return last.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
