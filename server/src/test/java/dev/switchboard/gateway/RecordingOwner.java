package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.UpstreamExit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/** A link owner that attributes everything to one session and records notifications and the link's end. */
final class RecordingOwner implements Link.Owner {
  volatile @Nullable Caller attributeTo;
  final BlockingQueue<Message.Notification> notifications = new LinkedBlockingQueue<>();
  final BlockingQueue<UpstreamExit> closed = new LinkedBlockingQueue<>();
  /** The thread the last callback ran on: what the child sends unasked is handled on the link's owner thread. */
  volatile @Nullable Thread lastCallbackThread;
  /** While set, {@link #notification} waits for it: the owner stays busy, holding the link's turn. */
  volatile @Nullable CountDownLatch holdNotifications;
  /** What the link tells about each request's end (none by default, as without metrics and access log). */
  volatile RequestEvents events = RequestEvents.NONE;

  @Override
  public RequestEvents requestEvents() {
    return events;
  }

  @Override
  public @Nullable Caller attribute(Link link, Message message) {
    lastCallbackThread = Thread.currentThread();
    return attributeTo;
  }

  @Override
  public void notification(Link link, Message.Notification notification) {
    lastCallbackThread = Thread.currentThread();
    notifications.add(notification);
    CountDownLatch hold = holdNotifications;
    if (hold != null) {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void closed(Link link, UpstreamExit exit) {
    lastCallbackThread = Thread.currentThread();
    closed.add(exit);
  }
}
