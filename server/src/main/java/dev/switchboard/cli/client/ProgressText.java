package dev.switchboard.cli.client;

import dev.switchboard.client.schema.Progress;

/** Formats one progress notification, e.g. {@code progress 3/10 (30%) indexing}. Stateless. */
final class ProgressText {
  private ProgressText() {}

  static String of(Progress progress) {
    StringBuilder line = new StringBuilder("progress ").append(number(progress.progress()));
    Double total = progress.total();
    if (total != null && total > 0) {
      line.append('/').append(number(total)).append(" (")
          .append(Math.round(100 * Math.min(1.0, progress.progress() / total))).append("%)");
    }
    if (progress.message() != null && !progress.message().isBlank()) {
      line.append(' ').append(progress.message().strip());
    }
    return line.toString();
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
