package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Message;
import org.junit.jupiter.api.Test;

/** The numbered events of a stream: the replay window, dropping for an absent reader, and the gaps resumes must see. */
class EventWindowTest {
  private final EventWindow window = new EventWindow(7);

  @Test
  void eventsAreNumberedPerStreamAndReadAfterACursor() {
    append(3);
    assertThat(window.after(1)).extracting(EventStream.Event::id).containsExactly("7-2", "7-3");
    assertThat(window.hasAfter(3)).isFalse();
    assertThat(window.unread()).isEqualTo(3);
  }

  @Test
  void writtenEventsStayForAReplayWindowThenGo() {
    append(EventWindow.REPLAY_WINDOW + 10);
    window.deliveredThrough(EventWindow.REPLAY_WINDOW + 10);
    assertThat(window.size()).isEqualTo(EventWindow.REPLAY_WINDOW);
    assertThat(window.after(0).get(0).seq()).isEqualTo(11);
    assertThat(window.drained()).isTrue();
  }

  @Test
  void withNoReaderTheOldestUnreadGoFirstAndNoGapIsRecorded() {
    append(5);
    window.dropOldestBeyond(3);
    assertThat(window.after(0)).extracting(EventStream.Event::seq).containsExactly(4L, 5L);
    assertThat(window.unread()).isEqualTo(2);
    assertThat(window.lostAfter(0)).as("a resuming client gets the newest, as documented").isFalse();
  }

  @Test
  void droppingEverythingRefusesAResumeFromBeforeTheGap() {
    append(4);
    window.deliveredThrough(2);
    assertThat(window.dropAll()).isEqualTo(4);
    assertThat(window.lostAfter(3)).isTrue();
    assertThat(window.lostAfter(4)).isFalse();
    window.skipToEnd();
    append(1);
    assertThat(window.after(4)).extracting(EventStream.Event::seq).containsExactly(5L);
  }

  private void append(int count) {
    for (int i = 0; i < count; i++) {
      window.append(Message.notification("notifications/progress", dev.switchboard.protocol.Json.object()));
    }
  }
}
