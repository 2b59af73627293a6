package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code switchboard status}'s server and group tables from literal {@code /health} and {@code /admin/stats}. */
class StatusTableTest {
  @Test
  void eachServerShowsItsCallsErrorsLatencyAndRestartsAndAFailedOneWhy() {
    var health = Json.parse("{\"servers\":[{\"name\":\"fixture\",\"state\":\"ready\",\"connections\":2},"
        + "{\"name\":\"ghost\",\"state\":\"failed\",\"connections\":0,\"error\":\"command not found: x\"}]}");
    var figures = Json.parse("{\"fixture\":{\"calls\":12,\"errors\":1,\"p50Ms\":3.2,\"p99Ms\":40.0,\"restarts\":3},"
        + "\"ghost\":{\"restarts\":0}}");
    StringWriter text = new StringWriter();
    Status.servers(new PrintWriter(text, true), health, figures);
    assertThat(text.toString().lines()).containsExactly(
        "Servers:                  state     conns   calls  errors       p50       p99 restarts",
        "  fixture                ready         2      12       1     3.2ms    40.0ms        3",
        "  ghost                  failed        0       0       0         -         -        0  command not found: x");
  }

  @Test
  void eachGroupShowsItsSessionsFiguresAndTheMembersOutOfItsLists() {
    var health = Json.parse("{\"servers\":[],\"groups\":[{\"name\":\"dev\",\"state\":\"running\","
        + "\"connections\":3,\"members\":[{\"name\":\"fs\",\"available\":true},{\"name\":\"github\","
        + "\"available\":false}]}]}");
    var figures = Json.parse("{\"dev\":{\"calls\":7,\"errors\":2,\"p50Ms\":1.5,\"p99Ms\":9.0}}");
    StringWriter text = new StringWriter();
    Status.servers(new PrintWriter(text, true), health, figures);
    assertThat(text.toString().lines()).containsExactly(
        "Servers:                  state     conns   calls  errors       p50       p99 restarts",
        "Groups:                   state    sessns   calls  errors       p50       p99",
        "  dev                    running       3       7       2     1.5ms     9.0ms  out: github");
  }
}
