package dev.switchboard.upstream.builtin.review;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One review rule: what it finds ({@link Detector}), in which languages, how bad it is, what to say and how to fix
 * it, and examples of code it must flag ({@code bad}) and must not ({@code good}), which tests run. Immutable.
 *
 * @param languages the languages it applies to; empty means every file
 * @param unless a match is dropped when its line matches this (placeholders, test values), or null
 * @param redact whether excerpts hide the matched text (secrets must not travel on in review output)
 */
public record Rule(String id, String set, Severity severity, Set<Language> languages, Detector detector,
    @Nullable Pattern unless, String message, String fix, boolean redact, List<Example> bad, List<Example> good) {

  /** A snippet of code in a file of the given name (the name decides the language). */
  public record Example(String file, String code) {}

  public Rule {
    languages = Set.copyOf(languages);
    bad = List.copyOf(bad);
    good = List.copyOf(good);
  }

  public boolean appliesTo(Language language) {
    return languages.isEmpty() || languages.contains(language);
  }
}
