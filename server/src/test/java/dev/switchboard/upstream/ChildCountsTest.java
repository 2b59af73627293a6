package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildCountsTest {
  @Test
  void aStartAfterACrashIsARestartAndOthersAreNot() {
    ChildCounts c = new ChildCounts();
    c.recordStart();
    c.recordEnd(ChildCounts.Ending.STOPPED);
    c.recordStart();
    assertThat(c.restarts()).as("a start after the gateway stopped a child").isZero();

    c.recordEnd(ChildCounts.Ending.CRASHED);
    c.recordStart();
    assertThat(c.restarts()).isEqualTo(1);
    c.recordStart();
    assertThat(c.restarts()).as("the crash was answered by one start").isEqualTo(1);

    c.recordEnd(ChildCounts.Ending.CRASHED);
    c.recordEnd(ChildCounts.Ending.CRASHED);
    c.recordEnd(ChildCounts.Ending.FAILED_TO_START);
    c.recordStart();
    assertThat(c.restarts()).as("crashes before one start count once").isEqualTo(2);
    assertThat(c.started()).isEqualTo(5);
    assertThat(c.ended(ChildCounts.Ending.CRASHED)).isEqualTo(3);
  }
}
