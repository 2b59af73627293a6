package dev.switchboard.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written HTTP/1.1 over a plain socket, for requests the JDK client will not send (a foreign {@code Host}, say).
 * Stateless; each read is bounded by {@link StreamableClient#TIMEOUT}.
 */
public final class RawHttp {
  private RawHttp() {}

  /** Sends {@code head} (request line and headers, each ending in CRLF) and {@code body}; the answer's status. */
  public static int status(int port, String head, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) StreamableClient.TIMEOUT.toMillis());
      String request = head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
