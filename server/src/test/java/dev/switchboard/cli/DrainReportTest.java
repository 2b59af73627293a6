package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;

class DrainReportTest {
  @Test
  void oneRequestOnOneServer() {
    assertThat(DrainReport.describe(Json.parse("""
        {"state": "stopping", "inFlight": 1, "graceSeconds": 16, "servers": {"everything": 1}}""")))
        .contains("waiting for 1 request in flight (server everything) to finish, up to 16 s");
  }

  @Test
  void severalServersAreCountedEach() {
    assertThat(DrainReport.describe(Json.parse("""
        {"inFlight": 3, "graceSeconds": 5, "servers": {"a": 2, "b": 1}}""")))
        .contains("waiting for 3 requests in flight (servers a: 2, b: 1) to finish, up to 5 s");
  }

  @Test
  void nothingInFlightSaysNothing() {
    assertThat(DrainReport.describe(Json.parse("{\"inFlight\": 0, \"servers\": {}}"))).isEmpty();
  }
}
