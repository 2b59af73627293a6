package dev.switchboard.testing;

import java.util.Optional;

/** Reading a Prometheus text scrape in tests. */
public final class Scrape {
  private Scrape() {}

  /** The value of the one sample {@code series} (name and labels as scraped); fails when there is none. */
  public static double sample(String body, String series) {
    return find(body, series).orElseThrow(() -> new AssertionError("no " + series + " in the scrape:\n" + body));
  }

  /** As {@link #sample}, or {@code absent} when the scrape has no such sample. */
  public static double sampleOr(String body, String series, double absent) {
    return find(body, series).orElse(absent);
  }

  private static Optional<Double> find(String body, String series) {
    return body.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()));
  }
}
