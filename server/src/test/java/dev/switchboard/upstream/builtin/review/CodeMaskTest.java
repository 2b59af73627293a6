package dev.switchboard.upstream.builtin.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeMaskTest {
  @Test
  void blanksCommentsButKeepsOffsetsAndLineBreaks() {
    String code = "a = 1; // note\n/* block\n comment */ b = \"s // not a comment\";\n";
    CodeMask mask = CodeMask.of(code, Syntax.C_STYLE);
    assertThat(mask.code()).hasSameSizeAs(code);
    assertThat(mask.code()).doesNotContain("note").doesNotContain("block").doesNotContain("comment */");
    assertThat(mask.code().indexOf("b = ")).isEqualTo(code.indexOf("b = "));
    assertThat(mask.code().lines().count()).isEqualTo(code.lines().count());
    assertThat(mask.code()).contains("\"s // not a comment\"");
    assertThat(mask.bare()).contains("b = \"                  \";");
    assertThat(mask.strings()).hasSize(1);
  }

  @Test
  void knowsEachLanguagesComments() {
    assertThat(CodeMask.of("x = '#'  # real\ny = \"\"\"doc # kept\"\"\"", Syntax.PYTHON).code())
        .isEqualTo("x = '#'        \ny = \"\"\"doc # kept\"\"\"");
    assertThat(CodeMask.of("echo $# # count", Syntax.HASH).code()).isEqualTo("echo $#        ");
    assertThat(CodeMask.of("SELECT 1 -- c\n", Syntax.SQL).code()).isEqualTo("SELECT 1     \n");
    assertThat(CodeMask.of("s := `raw // text`", Syntax.C_STYLE_TEMPLATES).code()).isEqualTo("s := `raw // text`");
  }
}
