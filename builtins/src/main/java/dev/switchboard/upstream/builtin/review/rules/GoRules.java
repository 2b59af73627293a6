package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Language;
import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Common Go pitfalls: defer inside a loop, discarded errors, the default HTTP client (no timeout), and errors
 * compared by their text. Stateless.
 */
public final class GoRules {
  static final String SET = "go";
  private static final String DESCRIPTION = "Common Go pitfalls: defer in a loop, discarded errors, the "
      + "timeout-less default HTTP client, errors compared by text";

  private GoRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(deferInLoop(), discardedError(), httpDefaultClient(),
        errorStringComparison()));
  }

  private static Rule deferInLoop() {
    return rule("go/defer-in-loop").severity(Severity.MEDIUM)
        .languages(Language.GO)
        .pattern("for ... { ... defer ... }")
        .message("defer in a loop runs only when the function returns, so resources pile up until then.")
        .fix("Move the loop body into a function (or closure) and defer there, or close explicitly.")
        .bad("files.go", "for _, name := range names {\n\tf, err := os.Open(name)\n\tif err != nil {\n\t\treturn err"
            + "\n\t}\n\tdefer f.Close()\n}")
        .good("files.go", "for _, name := range names {\n\tif err := process(name); err != nil {\n\t\treturn err\n\t"
            + "}\n}")
        .good("files.go", "for _, job := range jobs {\n\tgo func() {\n\t\tdefer wg.Done()\n\t\trun(job)\n\t}()\n}")
        .build(SET);
  }

  private static Rule discardedError() {
    return rule("go/discarded-error").severity(Severity.LOW)
        .languages(Language.GO)
        .regex("^[ \\t]*[\\w.]+\\s*,\\s*_\\s*:?=\\s*[\\w.]+\\s*\\(")
        .message("A second return value, usually an error, is discarded with _.")
        .fix("Check the error; if it truly cannot fail here, say why in a comment.")
        .bad("parse.go", "n, _ := strconv.Atoi(s)")
        .good("parse.go", "n, err := strconv.Atoi(s)\nif err != nil {\n\treturn err\n}")
        .good("parse.go", "for _, v := range values {\n\tsum += v\n}")
        .build(SET);
  }

  private static Rule httpDefaultClient() {
    return rule("go/http-default-client").severity(Severity.LOW)
        .languages(Language.GO)
        .regex("\\bhttp\\.(?:Get|Post|PostForm|Head)\\s*\\(|&?http\\.Client\\s*\\{\\s*\\}")
        .message("The default HTTP client has no timeout, so a stuck server blocks this call forever.")
        .fix("Use a client with a timeout: &http.Client{Timeout: 10 * time.Second}.")
        .bad("fetch.go", "resp, err := http.Get(url)")
        .good("fetch.go", "client := &http.Client{Timeout: 10 * time.Second}\nresp, err := client.Get(url)")
        .build(SET);
  }

  private static Rule errorStringComparison() {
    return rule("go/error-string-comparison").severity(Severity.MEDIUM)
        .languages(Language.GO)
        .regex("\\.Error\\s*\\(\\s*\\)\\s*(?:==|!=)\\s*\"|\"\\s*(?:==|!=)\\s*\\w+\\.Error\\s*\\(\\s*\\)")
        .message("An error is identified by comparing its message text, which breaks when the text changes or is "
            + "wrapped.")
        .fix("Compare with errors.Is(err, ErrNotFound) or errors.As.")
        .bad("store.go", "if err.Error() == \"not found\" {\n\treturn nil\n}")
        .good("store.go", "if errors.Is(err, ErrNotFound) {\n\treturn nil\n}")
        .build(SET);
  }
}
