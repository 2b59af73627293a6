package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;

/** One Server-Sent Event as dispatched to a listener: its type, data, and the last event id seen when it arrived. */
public record SseEvent(@Nullable String id, @Nullable String event, String data) {
  public static SseEvent message(String data) {
    return new SseEvent(null, null, data);
  }

  /** The event type, {@code message} when none was given. */
  public String type() {
    return event == null || event.isEmpty() ? "message" : event;
  }
}
