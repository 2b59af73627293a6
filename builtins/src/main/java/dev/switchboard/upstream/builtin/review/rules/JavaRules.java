package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Language;
import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Scope;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Common Java pitfalls: comparing strings by reference, swallowed exceptions, printStackTrace, and BigDecimal built
 * from a double. Stateless.
 */
public final class JavaRules {
  static final String SET = "java";
  private static final String DESCRIPTION = "Common Java pitfalls: string identity comparison, swallowed "
      + "exceptions, printStackTrace, BigDecimal from double";

  private JavaRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(stringReferenceEquality(), emptyCatch(), printStackTrace(),
        bigdecimalFromDouble()));
  }

  private static Rule stringReferenceEquality() {
    return rule("java/string-reference-equality").severity(Severity.MEDIUM)
        .languages(Language.JAVA)
        .regex("(?:==|!=)\\s*\"(?:[^\"\\\\\\n]|\\\\.)*\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"\\s*(?:==|!=)")
        .message("Strings are compared with == or !=, which compares references, not text.")
        .fix("Compare with \"literal\".equals(value) or Objects.equals(a, b).")
        .bad("Roles.java", "if (role == \"admin\") { grant(); }")
        .good("Roles.java", "if (\"admin\".equals(role)) { grant(); }")
        .good("Roles.java", "if (count == 0) { return; }")
        .build(SET);
  }

  private static Rule emptyCatch() {
    return rule("java/empty-catch").severity(Severity.MEDIUM)
        .languages(Language.JAVA, Language.KOTLIN, Language.SCALA)
        .regex("\\bcatch\\s*\\([^)]*\\)\\s*\\{\\s*\\}", Scope.TEXT, false)
        .message("An exception is caught and silently ignored.")
        .fix("Handle it, log it, or rethrow it; if ignoring is right, say why in a comment inside the block.")
        .bad("Cleanup.java", "try {\n  Files.delete(tmp);\n} catch (IOException e) {}")
        .good("Cleanup.java", "try {\n  Files.delete(tmp);\n} catch (IOException e) {\n  // best effort: the file ma"
            + "y already be gone\n}")
        .good("Cleanup.java", "try {\n  Files.delete(tmp);\n} catch (IOException e) {\n  log.warn(\"cleanup failed\""
            + ", e);\n}")
        .build(SET);
  }

  private static Rule printStackTrace() {
    return rule("java/print-stack-trace").severity(Severity.LOW)
        .languages(Language.JAVA, Language.KOTLIN, Language.SCALA)
        .regex("\\.printStackTrace\\s*\\(\\s*\\)")
        .message("printStackTrace() writes to stderr, bypassing the logging setup.")
        .fix("Log the exception with the application logger: log.error(\"what failed\", e).")
        .bad("Job.java", "} catch (Exception e) {\n  e.printStackTrace();\n}")
        .good("Job.java", "} catch (Exception e) {\n  log.error(\"job failed\", e);\n}")
        .build(SET);
  }

  private static Rule bigdecimalFromDouble() {
    return rule("java/bigdecimal-from-double").severity(Severity.MEDIUM)
        .languages(Language.JAVA, Language.KOTLIN, Language.SCALA)
        .regex("\\bBigDecimal\\s*\\(\\s*-?\\d*\\.\\d+(?:[eE][-+]?\\d+)?[dDfF]?\\s*\\)|\\bBigDecimal\\s*\\(\\s*-?\\d+"
            + "[dDfF]\\s*\\)")
        .message("A BigDecimal is created from a double literal, which carries the binary rounding error (0.1 become"
            + "s 0.1000000000000000055...).")
        .fix("Use new BigDecimal(\"0.1\") or BigDecimal.valueOf(0.1).")
        .bad("Money.java", "BigDecimal rate = new BigDecimal(0.1);")
        .good("Money.java", "BigDecimal rate = new BigDecimal(\"0.1\");")
        .good("Money.java", "BigDecimal rate = BigDecimal.valueOf(0.1);")
        .build(SET);
  }
}
