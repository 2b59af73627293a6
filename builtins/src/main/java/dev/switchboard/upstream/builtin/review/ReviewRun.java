package dev.switchboard.upstream.builtin.review;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.files.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One review over selected files: reads each (skipping binary, huge and generated files), applies the rules in
 * parallel, and reports findings in file and line order with summary counts. Not thread safe; one per call.
 */
final class ReviewRun {
  private static final long MAX_BYTES = 1 << 20;
  private static final Set<String> GENERATED = Set.of("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.sum",
      "cargo.lock", "poetry.lock", "composer.lock", "gemfile.lock");

  private final List<Rule> rules;
  private final Severity minimum;
  private final int maxFindings;
  private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
  private final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger suppressed = new AtomicInteger();
  private final AtomicInteger reviewed = new AtomicInteger();

  ReviewRun(List<Rule> rules, Severity minimum, int maxFindings) {
    this.rules = rules;
    this.minimum = minimum;
    this.maxFindings = maxFindings;
  }

  /** Reviews the files, reporting progress to {@code ctx}; returns the result object. */
  ObjectNode run(List<FileSelection.Selected> files, ToolContext ctx) throws InterruptedException {
    AtomicInteger done = new AtomicInteger();
    Thread caller = Thread.currentThread();
    files.parallelStream().forEach(file -> {
      if (caller.isInterrupted()) {
        return; // the call was cancelled: the remaining files are skipped, not reviewed for nobody
      }
      review(file);
      int n = done.incrementAndGet();
      if (n % 100 == 0 || n == files.size()) {
        ctx.progress(n, (double) files.size(), "reviewed " + n + " of " + files.size() + " files");
      }
    });
    if (Thread.interrupted()) {
      throw new InterruptedException("the review was cancelled");
    }
    return result();
  }

  private void review(FileSelection.Selected selected) {
    String name = selected.file().getFileName().toString();
    try {
      if (GENERATED.contains(name.toLowerCase(java.util.Locale.ROOT)) || name.contains(".min.")) {
        skipped.add(selected.display() + ": generated file");
        return;
      }
      if (Files.size(selected.file()) > MAX_BYTES) {
        skipped.add(selected.display() + ": larger than 1 MiB");
        return;
      }
      byte[] bytes = Files.readAllBytes(selected.file());
      if (isBinary(bytes)) {
        return; // images, archives, class files: nothing to review, not worth a note
      }
      String text = TextFiles.decode(selected.file(), bytes, java.time.Instant.EPOCH).text();
      Reviewer.FileReview review = Reviewer.review(new SourceFile(selected.display(), Language.of(name), text),
          rules, minimum);
      findings.addAll(review.findings());
      skipped.addAll(review.problems());
      suppressed.addAndGet(review.suppressed());
      reviewed.incrementAndGet();
    } catch (IOException e) {
      skipped.add(selected.display() + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private ObjectNode result() {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
        .thenComparingInt(Finding::column).thenComparing(Finding::rule));
    ObjectNode result = Json.object();
    ArrayNode list = result.putArray("findings");
    sorted.stream().limit(maxFindings).forEach(f -> list.add(f.toJson()));
    result.put("truncated", sorted.size() > maxFindings);
    result.set("summary", summary(sorted));
    if (!skipped.isEmpty()) {
      ArrayNode notes = result.putArray("skipped");
      skipped.stream().sorted().limit(100).forEach(notes::add);
    }
    return result;
  }

  private ObjectNode summary(List<Finding> all) {
    ObjectNode summary = Json.object().put("files", reviewed.get()).put("findings", all.size())
        .put("suppressed", suppressed.get());
    ObjectNode bySeverity = summary.putObject("bySeverity");
    for (Severity severity : Severity.values()) {
      bySeverity.put(severity.label(), all.stream().filter(f -> f.severity() == severity).count());
    }
    Map<String, Integer> byRule = new TreeMap<>();
    all.forEach(f -> byRule.merge(f.rule(), 1, Integer::sum));
    ObjectNode rulesNode = summary.putObject("byRule");
    byRule.forEach(rulesNode::put);
    return summary;
  }

  private static boolean isBinary(byte[] bytes) {
    boolean utf16 = bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
        || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF));
    for (int i = 0; i < Math.min(bytes.length, 8192) && !utf16; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
