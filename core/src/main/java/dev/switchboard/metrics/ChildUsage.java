package dev.switchboard.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a server's live children use now, with their descendants (a child may be {@code npx} and the server its
 * grandchild): resident memory from {@code /proc/PID/statm} (0 where there is no {@code /proc}) and CPU time from
 * {@link ProcessHandle.Info}. Read at each scrape; stateless.
 */
record ChildUsage(long residentBytes, double cpuSeconds) {
  /** Linux's page size on every platform this runs on; statm counts pages. */
  private static final long PAGE = 4096;

  static ChildUsage of(List<ProcessHandle> children) {
    List<ProcessHandle> all = children.stream().flatMap(c -> Stream.concat(Stream.of(c), c.descendants())).toList();
    long rss = all.stream().mapToLong(p -> resident(p.pid())).sum();
    double cpu = all.stream().mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
        .sum();
    return new ChildUsage(rss, cpu);
  }

  private static long resident(long pid) {
    try {
      String[] fields = Files.readString(Path.of("/proc/" + pid + "/statm")).trim().split(" ");
      return fields.length > 1 ? Long.parseLong(fields[1]) * PAGE : 0;
    } catch (IOException | NumberFormatException e) {
      return 0; // gone since it was listed, or no /proc here
    }
  }
}
