package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Language;
import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Scope;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Common JavaScript and TypeScript pitfalls: loose equality, var, HTML written from strings, async callbacks to
 * forEach, the any type, and leftover console.log. Stateless.
 */
public final class JavaScriptRules {
  static final String SET = "javascript";
  private static final String DESCRIPTION = "Common JavaScript and TypeScript pitfalls: loose equality, var, HTML "
      + "from strings, async forEach, any, console.log";

  private JavaScriptRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(looseEquality(), varDeclaration(), unsafeHtml(),
        asyncForeach(), tsExplicitAny(), consoleLog()));
  }

  private static Rule looseEquality() {
    return rule("javascript/loose-equality").severity(Severity.LOW)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT)
        .regex("(?<![=!<>])==(?!=)(?!\\s*null\\b)|!=(?!=)(?!\\s*null\\b)", Scope.CODE_WITHOUT_STRINGS, false)
        .message("== and != convert types before comparing (\"0\" == 0 is true).")
        .fix("Use === and !== (x == null is the one common exception, and is allowed).")
        .bad("cart.js", "if (count == \"0\") { empty(); }")
        .good("cart.js", "if (count === 0) { empty(); }")
        .good("cart.js", "if (value == null) { return; }")
        .build(SET);
  }

  private static Rule varDeclaration() {
    return rule("javascript/var-declaration").severity(Severity.INFO)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT)
        .regex("\\bvar\\s+[\\w$]", Scope.CODE_WITHOUT_STRINGS, false)
        .message("var is function-scoped and hoisted, a common source of bugs in loops and closures.")
        .fix("Declare with const, or let when the variable is reassigned.")
        .bad("total.js", "var total = 0;")
        .good("total.js", "let total = 0;")
        .build(SET);
  }

  private static Rule unsafeHtml() {
    return rule("javascript/unsafe-html").severity(Severity.MEDIUM)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT)
        .regex("\\.(?:innerHTML|outerHTML)\\s*\\+?=(?!=)|\\bdangerouslySetInnerHTML\\b|\\bdocument\\.write(?:ln)?\\s"
            + "*\\(|\\.insertAdjacentHTML\\s*\\(")
        .message("HTML is written from a string, which runs any script in it (cross-site scripting).")
        .fix("Set textContent, build elements with the DOM API, or sanitize with a vetted library such as DOMPurify.")
        .bad("comments.js", "el.innerHTML = comment.body;")
        .bad("Comment.tsx", "return <div dangerouslySetInnerHTML={{ __html: body }} />;")
        .good("comments.js", "el.textContent = comment.body;")
        .build(SET);
  }

  private static Rule asyncForeach() {
    return rule("javascript/async-foreach").severity(Severity.MEDIUM)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT)
        .pattern(".forEach(async ...)")
        .message("forEach ignores the promises an async callback returns: errors go unhandled and nothing waits for "
            + "the work.")
        .fix("Use for (const x of items) { await f(x); }, or await Promise.all(items.map(f)).")
        .bad("save.js", "items.forEach(async (item) => {\n  await save(item);\n});")
        .good("save.js", "for (const item of items) {\n  await save(item);\n}")
        .good("save.js", "await Promise.all(items.map(async (item) => save(item)));")
        .build(SET);
  }

  private static Rule tsExplicitAny() {
    return rule("javascript/ts-explicit-any").severity(Severity.LOW)
        .languages(Language.TYPESCRIPT)
        .regex(":\\s*any\\b(?![\\w$])|\\bas\\s+any\\b|<any>", Scope.CODE_WITHOUT_STRINGS, false)
        .message("The type any turns off type checking for this value.")
        .fix("Use unknown and narrow it, or write the actual type.")
        .bad("parse.ts", "export function parse(input: any) { return input.value; }")
        .good("parse.ts", "export function parse(input: unknown) { return String(input); }")
        .build(SET);
  }

  private static Rule consoleLog() {
    return rule("javascript/console-log").severity(Severity.INFO)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT)
        .regex("\\bconsole\\.(?:log|debug|trace)\\s*\\(")
        .message("console.log left in code; it may leak data and clutters output.")
        .fix("Remove it, or use the application logger.")
        .bad("user.js", "console.log(\"user\", user);")
        .good("user.js", "logger.info(\"user saved\", { id: user.id });")
        .build(SET);
  }
}
