package dev.switchboard.upstream.builtin.review;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Rule}, for the built-in sets and for rule files alike; {@link #build} checks that the rule is
 * complete. Not thread safe; one builder per rule.
 */
public final class RuleBuilder {
  private final String id;
  private Severity severity = Severity.MEDIUM;
  private final Set<Language> languages = EnumSet.noneOf(Language.class);
  private @Nullable Detector detector;
  private @Nullable Pattern unless;
  private String message = "";
  private String fix = "";
  private boolean redact;
  private final List<Rule.Example> bad = new ArrayList<>();
  private final List<Rule.Example> good = new ArrayList<>();

  private RuleBuilder(String id) {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_./-]{0,127}")) {
      throw new IllegalArgumentException("invalid rule id '" + id + "' (letters, digits, '_', '.', '/', '-')");
    }
    this.id = id;
  }

  public static RuleBuilder rule(String id) {
    return new RuleBuilder(id);
  }

  public RuleBuilder severity(Severity value) {
    severity = value;
    return this;
  }

  public RuleBuilder languages(Language... values) {
    languages.addAll(List.of(values));
    return this;
  }

  /** A regular expression over the code with comments blanked. */
  public RuleBuilder regex(String regex) {
    return regex(regex, Scope.CODE, false);
  }

  public RuleBuilder regex(String regex, Scope scope, boolean ignoreCase) {
    detector = RegexDetector.compile(regex, scope, ignoreCase);
    return this;
  }

  /** A structural token pattern, e.g. {@code for ... { ... defer ... }}. */
  public RuleBuilder pattern(String pattern) {
    detector = StructuralPattern.compile(pattern);
    return this;
  }

  /** Drops a match whose line matches {@code regex} (placeholders, safe variants). */
  public RuleBuilder unless(String regex) {
    try {
      unless = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid 'unless' regex: " + e.getDescription());
    }
    return this;
  }

  public RuleBuilder message(String value) {
    message = value;
    return this;
  }

  public RuleBuilder fix(String value) {
    fix = value;
    return this;
  }

  /** Hides the matched text in excerpts: for secrets. */
  public RuleBuilder redact() {
    redact = true;
    return this;
  }

  /** Code the rule must flag, in a file of this name. */
  public RuleBuilder bad(String file, String code) {
    bad.add(new Rule.Example(file, code));
    return this;
  }

  /** Code the rule must not flag. */
  public RuleBuilder good(String file, String code) {
    good.add(new Rule.Example(file, code));
    return this;
  }

  public Rule build(String set) {
    if (detector == null) {
      throw new IllegalArgumentException("rule '" + id + "' needs a regex or a pattern");
    }
    if (message.isBlank()) {
      throw new IllegalArgumentException("rule '" + id + "' needs a message");
    }
    return new Rule(id, set, severity, languages, detector, unless, message, fix, redact, bad, good);
  }
}
