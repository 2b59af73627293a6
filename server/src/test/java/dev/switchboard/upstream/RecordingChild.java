package dev.switchboard.upstream;

import dev.switchboard.protocol.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A child that is always open and records what the gateway's side sends it, for the adapters' tests. Thread safe. */
final class RecordingChild implements Upstream {
  final List<Message> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(Message message) {
    sent.add(message);
  }

  @Override
  public String describe() {
    return "fake";
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}
}
