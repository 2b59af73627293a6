package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.UpstreamExit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/** A link owner that attributes everything to one session and records notifications and the link's end. */
final class RecordingOwner implements Link.Owner {
  volatile @Nullable Session attributeTo;
  final BlockingQueue<Message.Notification> notifications = new LinkedBlockingQueue<>();
  final BlockingQueue<UpstreamExit> closed = new LinkedBlockingQueue<>();
  /** The thread each callback ran on, last first: callbacks must run on the link's owner thread. */
  volatile @Nullable Thread lastCallbackThread;

  @Override
  public @Nullable Session attribute(Link link, Message message) {
    lastCallbackThread = Thread.currentThread();
    return attributeTo;
  }

  @Override
  public void notification(Link link, Message.Notification notification) {
    lastCallbackThread = Thread.currentThread();
    notifications.add(notification);
  }

  @Override
  public void closed(Link link, UpstreamExit exit) {
    lastCallbackThread = Thread.currentThread();
    closed.add(exit);
  }
}
