package dev.switchboard.testing;

import dev.switchboard.protocol.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Config entries for the test fixture servers, run as real child JVMs from the test classpath: the hand-written
 * conformance fixture and the server built on the official MCP Java SDK.
 */
public final class Fixtures {
  public static final String CONFORMANCE = "dev.switchboard.fixture.ConformanceServer";
  public static final String SDK = "dev.switchboard.fixture.SdkServer";

  private Fixtures() {}

  /** The JVM running the tests; children use the same one. */
  public static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** A {@code mcpServers} entry that runs {@code mainClass} as a stdio child. */
  public static ObjectNode server(String mainClass) {
    ObjectNode entry = Json.object().put("command", java());
    ArrayNode args = entry.putArray("args");
    List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
        System.getProperty("java.class.path"), mainClass).forEach(args::add);
    return entry;
  }
}
