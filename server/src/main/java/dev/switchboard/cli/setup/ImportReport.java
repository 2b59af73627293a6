package dev.switchboard.cli.setup;

import java.io.PrintWriter;
import java.util.List;

/** Prints an {@link ImportPlan} as aligned lines, one per server, details indented beneath. Stateless. */
final class ImportReport {
  private ImportReport() {}

  static void print(PrintWriter out, ImportPlan plan) {
    List<ImportPlan.Row> rows = plan.rows();
    int width = rows.stream().mapToInt(r -> r.name().length()).max().orElse(0);
    for (ImportPlan.Row row : rows) {
      out.printf("  %-9s  %-" + width + "s  %s%n", row.kind().label, row.name(), row.detail());
      String indent = " ".repeat(2 + 9 + 2 + width + 2);
      row.lines().forEach(line -> out.println(indent + line));
    }
    out.printf("%d added, %d unchanged, %d conflict%s, %d skipped.%n", plan.count(ImportPlan.Kind.ADDED),
        plan.count(ImportPlan.Kind.UNCHANGED), plan.count(ImportPlan.Kind.CONFLICT),
        plan.count(ImportPlan.Kind.CONFLICT) == 1 ? "" : "s", plan.count(ImportPlan.Kind.SKIPPED));
  }
}
