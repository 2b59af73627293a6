package dev.switchboard.upstream.builtin.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StructuralPatternTest {
  @Test
  void metavariablesBindOneTokenConsistently() {
    StructuralPattern same = StructuralPattern.compile("$X == $X");
    assertThat(same.find(js("if (a == a) {}"))).hasSize(1);
    assertThat(same.find(js("if (a == b) {}"))).isEmpty();
  }

  @Test
  void ellipsisSkipsBalancedGroupsButStaysInItsStatement() {
    StructuralPattern pattern = StructuralPattern.compile("query(..., $X)");
    assertThat(pattern.find(js("db.query(sql(a, b), params);"))).hasSize(1);
    StructuralPattern loop = StructuralPattern.compile("for ... { ... defer ... }");
    assertThat(loop.find(go("for x := range xs {\n if ok { y() }\n defer f.Close()\n}"))).hasSize(1);
    assertThat(loop.find(go("for x := range xs { go func() { defer wg.Done() }() }"))).isEmpty();
    assertThat(loop.find(go("for x := range xs { use(x) }\nif f != nil { defer f.Close() }"))).isEmpty();
  }

  @Test
  void commentsAndLayoutDoNotMatterAndStringsMatchTheWildcard() {
    StructuralPattern pattern = StructuralPattern.compile("exec(\"...\" + $X)");
    assertThat(pattern.find(js("exec( /* why */ \"ls \"\n   + dir)"))).hasSize(1);
    assertThat(pattern.find(js("// exec(\"ls \" + dir)"))).isEmpty();
    assertThat(pattern.find(js("exec(cmd + dir)"))).isEmpty();
  }

  @Test
  void offsetsPointAtTheMatch() {
    SourceFile file = js("let a = 1;\nfoo(bar);");
    int[] match = StructuralPattern.compile("foo($X)").find(file).get(0);
    assertThat(file.text().substring(match[0], match[1])).isEqualTo("foo(bar)");
  }

  @Test
  void badPatternsAreRefused() {
    assertThatThrownBy(() -> StructuralPattern.compile("foo(")).hasMessageContaining("do not balance");
    assertThatThrownBy(() -> StructuralPattern.compile("... x")).hasMessageContaining("must start with a token");
  }

  private static SourceFile js(String code) {
    return new SourceFile("x.js", Language.JAVASCRIPT, code);
  }

  private static SourceFile go(String code) {
    return new SourceFile("x.go", Language.GO, code);
  }
}
