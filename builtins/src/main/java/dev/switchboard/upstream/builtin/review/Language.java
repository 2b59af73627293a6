package dev.switchboard.upstream.builtin.review;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages review recognizes by file name, each with its lexical {@link Syntax}. */
public enum Language {
  JAVA(Syntax.C_STYLE, ".java"),
  KOTLIN(Syntax.C_STYLE, ".kt", ".kts"),
  JAVASCRIPT(Syntax.C_STYLE_TEMPLATES, ".js", ".jsx", ".mjs", ".cjs"),
  TYPESCRIPT(Syntax.C_STYLE_TEMPLATES, ".ts", ".tsx", ".mts", ".cts"),
  PYTHON(Syntax.PYTHON, ".py", ".pyw", ".pyi"),
  GO(Syntax.C_STYLE_TEMPLATES, ".go"),
  RUBY(Syntax.HASH, ".rb"),
  PHP(Syntax.PHP, ".php"),
  CSHARP(Syntax.C_STYLE, ".cs"),
  C(Syntax.C_STYLE, ".c", ".h"),
  CPP(Syntax.C_STYLE, ".cpp", ".cc", ".cxx", ".hpp", ".hh", ".hxx"),
  RUST(Syntax.C_STYLE, ".rs"),
  SWIFT(Syntax.C_STYLE, ".swift"),
  SCALA(Syntax.C_STYLE, ".scala", ".sc"),
  SHELL(Syntax.HASH, ".sh", ".bash", ".zsh", ".ksh"),
  SQL(Syntax.SQL, ".sql"),
  YAML(Syntax.HASH, ".yaml", ".yml"),
  TOML(Syntax.HASH, ".toml"),
  TERRAFORM(Syntax.PHP, ".tf", ".hcl"),
  JSON(Syntax.JSON, ".json"),
  XML(Syntax.MARKUP, ".xml", ".html", ".htm", ".xhtml", ".svg", ".vue"),
  PROPERTIES(Syntax.INI, ".properties", ".env", ".ini", ".cfg", ".conf"),
  DOCKERFILE(Syntax.HASH, "dockerfile"),
  MARKDOWN(Syntax.PLAIN, ".md", ".markdown"),
  TEXT(Syntax.PLAIN);

  private final Syntax syntax;
  private final List<String> suffixes;

  Language(Syntax syntax, String... suffixes) {
    this.syntax = syntax;
    this.suffixes = List.of(suffixes);
  }

  Syntax syntax() {
    return syntax;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The language of a file by its name ({@code .env.local} and {@code Dockerfile.dev} included); TEXT otherwise. */
  public static Language of(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.startsWith("dockerfile") || name.endsWith(".dockerfile")) {
      return DOCKERFILE;
    }
    if (name.equals(".env") || name.startsWith(".env.")) {
      return PROPERTIES;
    }
    for (Language language : values()) {
      if (language.suffixes.stream().anyMatch(name::endsWith)) {
        return language;
      }
    }
    return TEXT;
  }

  /** Parses a language name as rule files write it ({@code js}, {@code ts}, {@code py} and {@code golang} too). */
  public static Optional<Language> parse(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    String canonical = switch (name) {
      case "js", "node", "jsx" -> "javascript";
      case "ts", "tsx" -> "typescript";
      case "py", "python3" -> "python";
      case "golang" -> "go";
      case "c#", "cs" -> "csharp";
      case "c++" -> "cpp";
      case "sh", "bash", "zsh" -> "shell";
      case "yml" -> "yaml";
      case "html", "markup" -> "xml";
      case "kt" -> "kotlin";
      default -> name;
    };
    return Arrays.stream(values()).filter(l -> l.label().equals(canonical)).findFirst();
  }
}
