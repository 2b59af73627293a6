package dev.switchboard.upstream.builtin.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {
  @TempDir
  Path dir;

  @Test
  void loadsJsonRulesWithTheirExamples() throws Exception {
    Path file = Files.writeString(dir.resolve("team.json"), """
        {"name": "team", "description": "House rules", "rules": [
          {"id": "team/no-todo", "severity": "low", "languages": ["java", "ts"], "regex": "TODO\\\\(\\\\w+\\\\)",
           "scope": "text", "message": "A TODO with an owner", "fix": "File a ticket",
           "examples": {"bad": [{"file": "A.java", "code": "// TODO(ada) later"}],
                        "good": [{"file": "A.java", "code": "// TODO later"}]}},
          {"id": "team/no-sleep", "severity": "medium", "pattern": "Thread.sleep(...)", "message": "No sleeping"}
        ]}
        """);
    RuleSet set = RuleFiles.load(file);
    assertThat(set.name()).isEqualTo("team");
    assertThat(set.rules()).extracting(Rule::id).containsExactly("team/no-todo", "team/no-sleep");
    Rule todo = set.rules().get(0);
    assertThat(todo.languages()).containsExactlyInAnyOrder(Language.JAVA, Language.TYPESCRIPT);
    assertThat(todo.severity()).isEqualTo(Severity.LOW);
    assertThat(set.rules().get(1).detector()).isInstanceOf(StructuralPattern.class);
  }

  @Test
  void loadsYamlRules() throws Exception {
    Path file = Files.writeString(dir.resolve("py-rules.yaml"), """
        # a list of flat maps is enough
        - id: py/print
          severity: info
          languages: [python]
          regex: '\\bprint\\('
          message: Use logging
          examples:
            bad:
              - file: a.py
                code: print("x")
            good:
              - file: a.py
                code: log.info("x")
        """);
    RuleSet set = RuleFiles.load(file);
    assertThat(set.name()).isEqualTo("py-rules");
    assertThat(set.rules().get(0).message()).isEqualTo("Use logging");
  }

  @Test
  void reportsEveryProblemAtOnce() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), """
        [
          {"id": "x/one", "severity": "urgent", "regex": "a", "message": "m"},
          {"id": "x/two", "severity": "low", "message": "m"},
          {"id": "x/three", "severity": "low", "regex": "(", "message": "m"},
          {"id": "x/four", "severity": "low", "regex": "a", "message": "m", "langs": ["java"]},
          {"id": "x/five", "severity": "low", "regex": "a", "message": "m", "languages": ["cobol"]},
          {"id": "x/six", "severity": "low", "regex": "danger", "message": "m",
           "examples": {"bad": [{"file": "a.js", "code": "safe"}]}}
        ]
        """);
    assertThatThrownBy(() -> RuleFiles.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rules[0] (x/one): Unknown severity 'urgent'")
        .hasMessageContaining("rules[1] (x/two): give exactly one of \"regex\" or \"pattern\"")
        .hasMessageContaining("rules[2] (x/three): invalid regex")
        .hasMessageContaining("rules[3] (x/four): unknown key 'langs'")
        .hasMessageContaining("rules[4] (x/five): unknown language 'cobol'")
        .hasMessageContaining("rules[5] (x/six): x/six: the bad example a.js is not flagged");
  }

  @Test
  void unreadableFilesAreClear() throws Exception {
    Path json = Files.writeString(dir.resolve("broken.json"), "{ nope");
    assertThatThrownBy(() -> RuleFiles.load(json)).hasMessageContaining("not valid JSON");
    Path empty = Files.writeString(dir.resolve("empty.json"), "{}");
    assertThatThrownBy(() -> RuleFiles.load(empty)).hasMessageContaining("expected a list of rules");
  }
}
