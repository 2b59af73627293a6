package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Language;
import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Common Python pitfalls: mutable default arguments, bare except, is compared with a literal, assert on a tuple,
 * and files opened without closing. Stateless.
 */
public final class PythonRules {
  static final String SET = "python";
  private static final String DESCRIPTION = "Common Python pitfalls: mutable default arguments, bare except, is "
      + "with literals, assert on a tuple, unclosed files";

  private PythonRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(mutableDefaultArgument(), bareExcept(), isLiteral(),
        assertOnTuple(), openWithoutClose()));
  }

  private static Rule mutableDefaultArgument() {
    return rule("python/mutable-default-argument").severity(Severity.MEDIUM)
        .languages(Language.PYTHON)
        .regex("\\bdef\\s+\\w+\\s*\\([^)]*?\\w\\s*(?::\\s*[^=,)]+)?=\\s*(?:\\[\\s*\\]|\\{\\s*\\}|set\\(\\s*\\)|list"
            + "\\(\\s*\\)|dict\\(\\s*\\))\\s*[,)]")
        .message("A mutable default argument is created once and shared by every call.")
        .fix("Default to None and create the list or dict inside the function.")
        .bad("bucket.py", "def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket")
        .good("bucket.py", "def add(item, bucket=None):\n    bucket = [] if bucket is None else bucket")
        .build(SET);
  }

  private static Rule bareExcept() {
    return rule("python/bare-except").severity(Severity.MEDIUM)
        .languages(Language.PYTHON)
        .regex("^[ \\t]*except\\s*:")
        .message("A bare except also catches KeyboardInterrupt and SystemExit, and hides bugs.")
        .fix("Catch the exceptions you expect, or at least except Exception:.")
        .bad("job.py", "try:\n    run()\nexcept:\n    pass")
        .good("job.py", "try:\n    run()\nexcept (OSError, ValueError) as e:\n    log.warning(\"run failed: %s\", e)")
        .build(SET);
  }

  private static Rule isLiteral() {
    return rule("python/is-literal").severity(Severity.MEDIUM)
        .languages(Language.PYTHON)
        .regex("\\bis\\s+(?:not\\s+)?(?:-?\\d|[rbuf]?[\"']|\\(\\s*\\)|\\[\\s*\\])")
        .message("is compares identity, not value; with a literal the result depends on interning.")
        .fix("Use == (keep is for None, True and False).")
        .bad("status.py", "if status is \"done\":\n    notify()")
        .good("status.py", "if status == \"done\":\n    notify()")
        .good("status.py", "if value is None:\n    return")
        .build(SET);
  }

  private static Rule assertOnTuple() {
    return rule("python/assert-on-tuple").severity(Severity.HIGH)
        .languages(Language.PYTHON)
        .regex("^[ \\t]*assert\\s*\\((?:[^()\\n]|\\([^()\\n]*\\))*,(?:[^()\\n]|\\([^()\\n]*\\))*\\)\\s*$")
        .message("assert on a parenthesized tuple is always true, so this check never fails.")
        .fix("Drop the parentheses: assert condition, \"message\".")
        .bad("check.py", "assert (len(items) > 0, \"items must not be empty\")")
        .good("check.py", "assert len(items) > 0, \"items must not be empty\"")
        .good("check.py", "assert (a, b) == expected")
        .build(SET);
  }

  private static Rule openWithoutClose() {
    return rule("python/open-without-close").severity(Severity.LOW)
        .languages(Language.PYTHON)
        .pattern("open(...).$METHOD(...)")
        .message("A file is opened and used in one expression, so it is closed only when garbage-collected.")
        .fix("Use with open(path) as f: ... (or pathlib.Path(path).read_text()).")
        .bad("load.py", "data = open(path).read()")
        .good("load.py", "with open(path) as f:\n    data = f.read()")
        .good("load.py", "data = pathlib.Path(path).read_text()")
        .build(SET);
  }
}
