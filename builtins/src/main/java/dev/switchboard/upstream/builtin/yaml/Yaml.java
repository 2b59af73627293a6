package dev.switchboard.upstream.builtin.yaml;

import dev.switchboard.protocol.Json;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.util.TokenBuffer;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;
import tools.jackson.dataformat.yaml.YAMLReadFeature;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * YAML for the built-in servers (note frontmatter, review rule files), read and written with Jackson's YAML module.
 * Plain scalars resolve as Jackson resolves them: an empty value and {@code null} are null, {@code true} and
 * {@code false} booleans, decimal numbers numbers (decimals as {@code BigDecimal}, as {@link Json} reads them), and
 * everything else a string ({@code ~}, {@code True}, {@code yes}, dates). Aliases are refused rather than read as
 * their anchor's name. Writing produces block YAML the way note editors do ({@code key: value}, lists as
 * {@code - item} lines), quoting a string only when it would read back as something else. Stateless, thread safe.
 */
public final class Yaml {
  /** Besides what Jackson quotes: numbers in forms it reads as strings but other YAML readers as numbers. */
  private static final Pattern OTHER_NUMBER = Pattern.compile(
      "[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF))|\\.(nan|"
          + "NaN|NAN)");
  private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
      .enable(YAMLReadFeature.EMPTY_STRING_AS_NULL).stringQuotingChecker(new Quoting()).build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER, YAMLWriteFeature.SPLIT_LINES)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS,
          YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
      .build();

  private Yaml() {}

  /**
   * One document as JSON; an empty document (nothing, or only comments) is {@code null}. Throws
   * {@link YamlException} naming the (1-based) line of the problem.
   */
  public static JsonNode read(String text) {
    // one pass through a buffer, so aliases (which Jackson reads as their anchor's name) can be refused
    try (JsonParser parser = MAPPER.createParser(text);
        TokenBuffer tokens = TokenBuffer.forBuffering(parser, parser.objectReadContext())) {
      while (parser.nextToken() != null) {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          throw new YamlException(parser.currentTokenLocation().getLineNr(), "aliases (*" + parser.getString()
              + ") are not supported; write the value out");
        }
        tokens.copyCurrentEvent(parser);
      }
      return tokens.isEmpty() ? Json.NODES.nullNode() : MAPPER.readTree(tokens);
    } catch (JacksonException e) {
      throw problem(e);
    }
  }

  /**
   * One top-level mapping entry, {@code key: value}, as block YAML lines joined by {@code \n}, without a trailing
   * line break.
   */
  public static String entry(String key, JsonNode value) {
    String yaml = MAPPER.writeValueAsString(Json.object().set(key, value));
    return yaml.endsWith("\n") ? yaml.substring(0, yaml.length() - 1) : yaml;
  }

  /**
   * The key a top-level mapping line starts ({@code title: x} gives {@code title}, {@code "odd key": x} gives
   * {@code odd key}), or null for other lines: indented ones, list items, comments, plain text. Only the line's start
   * is read, so a value left open there (a quote or bracket closed on a later line) does not matter.
   */
  public static @Nullable String topLevelKey(String line) {
    if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
      return null;
    }
    try (JsonParser parser = MAPPER.createParser(line)) {
      return parser.nextToken() == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.PROPERTY_NAME
          ? parser.currentName() : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static YamlException problem(JacksonException e) {
    if (e.getCause() instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
      String context = marked.getContext() == null ? ""
          : " (" + marked.getContext() + marked.getContextMark().map(m -> " on line " + (m.getLine() + 1)).orElse("")
              + ")";
      return new YamlException(marked.getProblemMark().get().getLine() + 1, marked.getProblem() + context);
    }
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    return new YamlException(Math.max(line, 1), e.getOriginalMessage());
  }

  /** Jackson's quoting, plus {@link #OTHER_NUMBER}. */
  private static final class Quoting extends StringQuotingChecker.Default {
    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || OTHER_NUMBER.matcher(value).matches();
    }
  }
}
