package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.RecordingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Search benchmark (not a test): generates a vault of 10,000 notes (frontmatter, tags, links, Zipf-distributed
 * words; about 20 MB), indexes it, then times {@code search_notes} end to end through the in-process upstream and
 * the ranking alone. Usage: {@code NotesSearchBench [notes] [rounds]}.
 */
public final class NotesSearchBench {
  private static final String[] COMMON = {"project", "meeting", "budget", "design", "review", "plan", "idea",
      "customer", "release", "quarter", "roadmap", "research", "draft", "notes", "team"};
  private static final List<String> QUERIES = List.of("budget", "quarterly roadmap", "\"next quarter\"",
      "meeting -draft", "customer release plan", "zyxwvu", "#project/alpha design", "lorem");

  private NotesSearchBench() {}

  public static void main(String[] args) throws Exception {
    int notes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path vault = Files.createTempDirectory("notes-bench");
    try {
      long bytes = generate(vault, notes, new Random(42));
      System.out.printf("vault: %d notes, %.1f MB in %s%n", notes, bytes / 1e6, vault);
      long start = System.nanoTime();
      try (NotesServer server = NotesServer.open(vault, "bench")) {
        server.awaitIndexed(Duration.ofMinutes(5));
        System.out.printf("index build (scan + parse): %d ms%n", (System.nanoTime() - start) / 1_000_000);
        measure(server, rounds);
      }
    } finally {
      try (Stream<Path> walk = Files.walk(vault)) {
        walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void measure(NotesServer server, int rounds) {
    try (RecordingClient client = new RecordingClient(server)) {
      client.initialize();
      for (String query : QUERIES) {
        client.ok("search_notes", Json.object().put("query", query)); // warm up the JIT on every path
      }
      System.out.println("query                         hits    p50 ms   p95 ms   max ms   (search_notes, 20 results "
          + "with snippets)");
      for (String query : QUERIES) {
        long[] times = new long[rounds];
        int hits = 0;
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          hits = client.ok("search_notes", Json.object().put("query", query)).path("total").asInt();
          times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        System.out.printf("%-28s %6d %8.1f %8.1f %8.1f%n", query, hits, times[rounds / 2] / 1e6,
            times[(int) Math.ceil(rounds * 0.95) - 1] / 1e6, times[rounds - 1] / 1e6);
      }
    }
  }

  /** Writes the notes; returns their total size in bytes. */
  static long generate(Path vault, int count, Random random) throws IOException {
    String[] vocabulary = vocabulary(random, 5000);
    long total = 0;
    for (int i = 0; i < count; i++) {
      String folder = "area-" + (i % 20) + "/topic-" + (i % 7);
      Path file = vault.resolve(folder).resolve("Note " + i + ".md");
      Files.createDirectories(file.getParent());
      String text = note(i, count, vocabulary, random);
      Files.writeString(file, text);
      total += text.length();
    }
    return total;
  }

  private static String note(int i, int count, String[] vocabulary, Random random) {
    StringBuilder out = new StringBuilder("---\ntitle: ").append(word(vocabulary, random)).append(' ')
        .append(COMMON[random.nextInt(COMMON.length)]).append(' ').append(i).append("\ntags: [")
        .append(i % 3 == 0 ? "project/alpha" : "project/beta").append(", ").append(COMMON[i % COMMON.length])
        .append("]\n---\n# Note ").append(i).append("\n\n");
    int words = 150 + random.nextInt(450);
    for (int w = 1; w <= words; w++) {
      out.append(random.nextInt(40) == 0 ? COMMON[random.nextInt(COMMON.length)] : word(vocabulary, random));
      if (random.nextInt(300) == 0) {
        out.append(" [[Note ").append(random.nextInt(count)).append("]]");
      }
      out.append(w % 14 == 0 ? ".\n" : " ");
    }
    if (random.nextInt(50) == 0) {
      out.append("\nThe budget for next quarter is set.\n");
    }
    return out.append('\n').toString();
  }

  /** A Zipf-like pick: low indexes (common words) far more often than high ones. */
  private static String word(String[] vocabulary, Random random) {
    double u = random.nextDouble();
    return vocabulary[(int) Math.min(vocabulary.length - 1, Math.floor(Math.pow(vocabulary.length, u)) - 1)];
  }

  private static String[] vocabulary(Random random, int size) {
    String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "go", "hi", "ju", "pe",
        "qua", "ri", "so", "tu", "xe"};
    List<String> words = new ArrayList<>(List.of("lorem", "ipsum"));
    while (words.size() < size) {
      StringBuilder w = new StringBuilder();
      for (int s = 0, n = 2 + random.nextInt(3); s < n; s++) {
        w.append(syllables[random.nextInt(syllables.length)]);
      }
      words.add(w.toString());
    }
    return words.toArray(String[]::new);
  }
}
