package dev.switchboard.metrics;

import dev.switchboard.protocol.Json;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One server's request figures since the daemon started, as the status page and {@code switchboard status} show
 * them: calls, failed calls (JSON-RPC errors, tool errors, timeouts, crashes, never sent; not client
 * cancellations), and the median and 99th percentile latency estimated from the histogram's buckets.
 *
 * @param p50Seconds NaN before the first call
 */
public record ServerFigures(long calls, long errors, double p50Seconds, double p99Seconds) {
  static final ServerFigures NONE = new ServerFigures(0, 0, Double.NaN, Double.NaN);

  /** {@code {"NAME": {"calls", "errors", "p50Ms", "p99Ms"}}}, latencies absent before a server's first call. */
  public static ObjectNode json(Map<String, ServerFigures> figures) {
    ObjectNode out = Json.object();
    figures.forEach((server, f) -> {
      ObjectNode node = out.putObject(server).put("calls", f.calls()).put("errors", f.errors());
      if (!Double.isNaN(f.p50Seconds())) {
        node.put("p50Ms", Math.round(f.p50Seconds() * 10_000) / 10.0).put("p99Ms",
            Math.round(f.p99Seconds() * 10_000) / 10.0);
      }
    });
    return out;
  }
}
