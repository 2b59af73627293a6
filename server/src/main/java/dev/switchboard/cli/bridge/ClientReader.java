package dev.switchboard.cli.bridge;

import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.LineReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads the client's stdin line by line until it ends and hands each message to the bridge; a line that is not
 * JSON-RPC, or is too long, is answered with a JSON-RPC error and skipped. Runs on a platform thread (a pipe read
 * would pin a virtual thread's carrier).
 */
final class ClientReader implements Runnable {
  static final int MAX_LINE = 64 * 1024 * 1024;

  private final InputStream in;
  private final Bridge bridge;
  private final Consumer<Message> toClient;
  private final BridgeLog log;

  ClientReader(InputStream in, Bridge bridge, Consumer<Message> toClient, BridgeLog log) {
    this.in = in;
    this.bridge = bridge;
    this.toClient = toClient;
    this.log = log;
  }

  @Override
  public void run() {
    LineReader lines = new LineReader(in, MAX_LINE);
    try {
      LineReader.Frame frame;
      while ((frame = lines.next()) != null) {
        switch (frame) {
          case LineReader.Frame.Line line -> handle(line.bytes());
          case LineReader.Frame.TooLong tooLong -> toClient.accept(Message.error(null, new JsonRpcError(
              JsonRpcError.INVALID_REQUEST, "a line of " + tooLong.length() + " bytes is over the limit of "
                  + MAX_LINE)));
        }
      }
      log.say("the client closed stdin");
    } catch (IOException e) {
      log.debug("reading stdin failed: " + e);
    }
  }

  private void handle(byte[] line) {
    try {
      bridge.fromClient(MessageCodec.parse(line));
    } catch (ProtocolException e) {
      toClient.accept(Message.error(e.id(), e.error()));
    }
  }
}
