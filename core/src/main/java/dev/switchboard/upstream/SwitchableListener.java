package dev.switchboard.upstream;

import dev.switchboard.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The listener of a child started before anyone needs it: it holds what the child says (bounded) until it is
 * claimed, then hands everything to the real listener. Thread safe.
 */
final class SwitchableListener implements Upstream.Listener {
  private static final int MAX_HELD = 256;

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Message> held = new ArrayList<>();
  private final Runnable onUnclaimedExit;
  private Upstream.@Nullable Listener target;
  private @Nullable UpstreamExit exit;

  SwitchableListener(Runnable onUnclaimedExit) {
    this.onUnclaimedExit = onUnclaimedExit;
  }

  /** Routes to {@code listener} from now on; false when the child already exited. */
  boolean claim(Upstream.Listener listener) {
    List<Message> backlog;
    lock.lock();
    try {
      if (exit != null) {
        return false;
      }
      target = listener;
      backlog = List.copyOf(held);
      held.clear();
    } finally {
      lock.unlock();
    }
    backlog.forEach(listener::onMessage);
    return true;
  }

  @Override
  public void onMessage(Message message) {
    Upstream.@Nullable Listener t;
    lock.lock();
    try {
      t = target;
      if (t == null && held.size() < MAX_HELD) {
        held.add(message);
      }
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.onMessage(message);
    }
  }

  @Override
  public void onClosed(UpstreamExit how) {
    Upstream.@Nullable Listener t;
    lock.lock();
    try {
      exit = how;
      t = target;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.onClosed(how);
    } else {
      onUnclaimedExit.run();
    }
  }
}
