package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Literal wire text in, dispatched events out; after okhttp's ServerSentEventIteratorTest. */
class SseReaderTest {
  private SseReader reader;

  private List<SseEvent> read(String wire) throws IOException {
    return read(new StringReader(wire));
  }

  private List<SseEvent> read(Reader in) throws IOException {
    reader = new SseReader(in);
    List<SseEvent> events = new ArrayList<>();
    SseEvent event;
    while ((event = reader.next()) != null) {
      events.add(event);
    }
    assertThat(reader.next()).isNull(); // stays at end
    return events;
  }

  @Test
  void singleEvent() throws IOException {
    assertThat(read("data: hey\n\n")).containsExactly(new SseEvent(null, null, "hey"));
  }

  @Test
  void severalEvents() throws IOException {
    assertThat(read("data: a\n\ndata: b\n\n"))
        .containsExactly(SseEvent.message("a"), SseEvent.message("b"));
  }

  @Test
  void emptyStream() throws IOException {
    assertThat(read("")).isEmpty();
    assertThat(reader.lastEventId()).isNull();
    assertThat(reader.retryMillis()).isEqualTo(-1);
  }

  @Test
  void multiLineDataJoinedWithLf() throws IOException {
    assertThat(read("data: one\ndata: two\ndata: three\n\n")).extracting(SseEvent::data)
        .containsExactly("one\ntwo\nthree");
  }

  @Test
  void emptyDataLinesContributeLineBreaks() throws IOException {
    assertThat(read("data: a\ndata:\ndata: b\n\n")).extracting(SseEvent::data).containsExactly("a\n\nb");
    assertThat(read("data:\ndata:\n\n")).extracting(SseEvent::data).containsExactly("\n");
  }

  @Test
  void eventType() throws IOException {
    List<SseEvent> events = read("event: update\ndata: x\n\ndata: y\n\n");
    assertThat(events).containsExactly(new SseEvent(null, "update", "x"), new SseEvent(null, null, "y"));
    assertThat(events.get(0).type()).isEqualTo("update");
    assertThat(events.get(1).type()).isEqualTo("message");
  }

  @Test
  void emptyEventTypeMeansMessage() throws IOException {
    List<SseEvent> events = read("event:\ndata: x\n\n");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo("message");
  }

  @Test
  void lastEventIdPersistsAcrossEvents() throws IOException {
    List<SseEvent> events = read("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n");
    assertThat(events).containsExactly(new SseEvent("1", null, "a"), new SseEvent("1", null, "b"),
        new SseEvent("2", null, "c"));
    assertThat(reader.lastEventId()).isEqualTo("2");
  }

  @Test
  void idAfterDataInSameEventStillApplies() throws IOException {
    assertThat(read("data: a\nid: 9\n\n")).containsExactly(new SseEvent("9", null, "a"));
  }

  @Test
  void emptyIdResetsLastEventId() throws IOException {
    assertThat(read("id: 1\ndata: a\n\nid\ndata: b\n\nid:\ndata: c\n\n")).extracting(SseEvent::id)
        .containsExactly("1", "", "");
    assertThat(reader.lastEventId()).isEmpty();
  }

  @Test
  void idContainingNulIsIgnored() throws IOException {
    List<SseEvent> events = read("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n");
    assertThat(events).extracting(SseEvent::id).containsExactly("1", "1");
    assertThat(reader.lastEventId()).isEqualTo("1");
  }

  @Test
  void retry() throws IOException {
    assertThat(read("retry: 1500\n\n")).isEmpty();
    assertThat(reader.retryMillis()).isEqualTo(1500);
    read("retry:22\n\n");
    assertThat(reader.retryMillis()).isEqualTo(22);
  }

  @Test
  void retryWithNonDigitsIgnored() throws IOException {
    read("retry: 1000\nretry: 15x0\nretry: -5\nretry: 1.5\nretry:\nretry\nretry: 20 \ndata: a\n\n");
    assertThat(reader.retryMillis()).isEqualTo(1000);
  }

  @Test
  void retryLaterValueWins() throws IOException {
    read("retry: 1000\n\nretry: 2000\n\n");
    assertThat(reader.retryMillis()).isEqualTo(2000);
  }

  @Test
  void retryWithNonAsciiDigitsIgnored() throws IOException {
    read("retry: 1000\nretry: \u0661\u0662\n\n");
    assertThat(reader.retryMillis()).isEqualTo(1000);
  }

  @Test
  void retryOverflowDoesNotBreakTheStream() throws IOException {
    assertThat(read("retry: 99999999999999999999\n\ndata: a\n\n")).containsExactly(SseEvent.message("a"));
    assertThat(reader.retryMillis()).isEqualTo(-1);
  }

  @Test
  void commentsIgnored() throws IOException {
    assertThat(read(": ping\n\n:\n\n: data: no\ndata: yes\n: between\n\n"))
        .containsExactly(SseEvent.message("yes"));
  }

  @Test
  void crLineEndings() throws IOException {
    assertThat(read("id: 1\rdata: a\rdata: b\r\rdata: c\r\r")).containsExactly(new SseEvent("1", null, "a\nb"),
        new SseEvent("1", null, "c"));
  }

  @Test
  void crLfLineEndings() throws IOException {
    assertThat(read("event: e\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"))
        .containsExactly(new SseEvent(null, "e", "a\nb"), SseEvent.message("c"));
  }

  @Test
  void mixedLineEndings() throws IOException {
    assertThat(read("data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\rdata: e\n\n"))
        .containsExactly(SseEvent.message("a\nb\nc"), SseEvent.message("d"), SseEvent.message("e"));
  }

  @Test
  void crLfIsOneLineEndNotTwo() throws IOException {
    // if CRLF were two line ends, "data: a\r\n" would already dispatch and "data: b" would be a separate event
    assertThat(read("data: a\r\ndata: b\r\n\r\n")).containsExactly(SseEvent.message("a\nb"));
  }

  @Test
  void lfCrIsTwoLineEnds() throws IOException {
    assertThat(read("data: a\n\rdata: b\n\n")).containsExactly(SseEvent.message("a"), SseEvent.message("b"));
  }

  @Test
  void crLfSplitAcrossReads() throws IOException {
    assertThat(read(new OneCharReader("data: a\r\ndata: b\r\n\r\n"))).containsExactly(SseEvent.message("a\nb"));
  }

  @Test
  void leadingBomStripped() throws IOException {
    assertThat(read("\uFEFFdata: a\n\n")).containsExactly(SseEvent.message("a"));
  }

  @Test
  void onlyOneLeadingBomStripped() throws IOException {
    // the second BOM belongs to the field name "\uFEFFdata", an unknown field
    assertThat(read("\uFEFF\uFEFFdata: a\n\ndata: b\n\n")).containsExactly(SseEvent.message("b"));
  }

  @Test
  void bomInsideValueKept() throws IOException {
    assertThat(read("data: \uFEFFa\n\n")).extracting(SseEvent::data).containsExactly("\uFEFFa");
  }

  @Test
  void fieldWithoutColon() throws IOException {
    assertThat(read("data\n\n")).containsExactly(SseEvent.message(""));
    assertThat(read("data\ndata\n\n")).containsExactly(SseEvent.message("\n"));
    assertThat(read("event\ndata: x\n\n")).extracting(SseEvent::type).containsExactly("message");
  }

  @Test
  void valueWithoutLeadingSpace() throws IOException {
    assertThat(read("event:e\nid:7\ndata:a\n\n")).containsExactly(new SseEvent("7", "e", "a"));
  }

  @Test
  void onlyOneLeadingSpaceRemoved() throws IOException {
    assertThat(read("data:  two\ndata:\tTab\ndata: trailing \n\n")).extracting(SseEvent::data)
        .containsExactly(" two\n\tTab\ntrailing ");
  }

  @Test
  void colonsInsideValueKept() throws IOException {
    assertThat(read("data: a: b:c\n\n")).extracting(SseEvent::data).containsExactly("a: b:c");
  }

  @Test
  void eventWithNoDataNotDispatchedButIdRemembered() throws IOException {
    List<SseEvent> events = read("id: 7\nevent: priming\n\ndata: x\n\n");
    // the event type of the undispatched event is reset; its id persists
    assertThat(events).containsExactly(new SseEvent("7", null, "x"));
  }

  @Test
  void primingEventWithOnlyIdSetsLastEventId() throws IOException {
    assertThat(read("id: abc\n\n")).isEmpty();
    assertThat(reader.lastEventId()).isEqualTo("abc");
  }

  @Test
  void unterminatedLastEventDiscarded() throws IOException {
    assertThat(read("data: a\n\ndata: b\n")).containsExactly(SseEvent.message("a"));
    assertThat(read("data: a\n\ndata: b")).containsExactly(SseEvent.message("a"));
    assertThat(read("data: a\n\ndata: b\r")).containsExactly(SseEvent.message("a"));
  }

  @Test
  void emptyDataDispatchesEmptyString() throws IOException {
    assertThat(read("data:\n\n")).containsExactly(SseEvent.message(""));
    assertThat(read("data: \n\n")).containsExactly(SseEvent.message(""));
  }

  @Test
  void unknownFieldsIgnored() throws IOException {
    assertThat(read("foo: bar\nDATA: no\nData: no\n data: no\ndata: yes\nx\n\n"))
        .containsExactly(SseEvent.message("yes"));
  }

  @Test
  void unknownFieldAloneDispatchesNothing() throws IOException {
    assertThat(read("foo: bar\n\n")).isEmpty();
  }

  @Test
  void manyBlankLinesBetweenEvents() throws IOException {
    assertThat(read("\n\n\ndata: a\n\n\n\ndata: b\n\n")).containsExactly(SseEvent.message("a"),
        SseEvent.message("b"));
  }

  @Test
  void unicodeData() throws IOException {
    assertThat(read("data: h\u00e9llo \uD83D\uDE00\n\n")).extracting(SseEvent::data)
        .containsExactly("h\u00e9llo \uD83D\uDE00");
  }

  @Test
  void jsonRpcEventAsAGatewaySendsIt() throws IOException {
    String wire = "id: s1-0\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n";
    assertThat(read(wire)).containsExactly(new SseEvent("s1-0", "message",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
  }

  /** Hands out one char per read, whatever the caller asks for. */
  static final class OneCharReader extends Reader {
    private final String text;
    private int at;

    OneCharReader(String text) {
      this.text = text;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (at == text.length()) {
        return -1;
      }
      buffer[offset] = text.charAt(at++);
      return 1;
    }

    @Override
    public void close() {}
  }
}
