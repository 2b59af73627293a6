package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the process and small helpers around it; thread safe (the mapper is immutable). */
public final class Json {
  /** The longest number accepted, in characters (Jackson's default, stated because {@link #MAX_EXPONENT} needs it). */
  public static final int MAX_NUMBER_LENGTH = 1000;
  /**
   * The largest exponent a number may have (either sign). With at most {@link #MAX_NUMBER_LENGTH} digits, every
   * accepted number fits a {@code BigDecimal}; {@code 1e2147483648} does not, and is a parse error.
   */
  public static final int MAX_EXPONENT = 999_999_999;

  /**
   * The process's mapper. {@link #parse} keeps decimals as their text ({@link RawDecimalNode}), so a number in
   * {@code params} or {@code result} crosses the gateway character for character and is never converted on the way;
   * trees read with the mapper directly get {@code BigDecimal}s.
   */
  public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH).build())
      .build())
      .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(tools.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * Parses a whole document (empty input gives the missing node); throws {@link JacksonException} when the bytes
   * are not JSON: not well-formed UTF-8 (overlong forms, surrogates, code points past U+10FFFF are refused, which
   * the parser alone would let through), not JSON, or a number out of range ({@link #MAX_EXPONENT}). Decimals are
   * kept as text ({@link RawDecimalNode}).
   */
  public static JsonNode parse(byte[] bytes) {
    String problem = Utf8.problem(bytes);
    if (problem != null) {
      throw new StreamReadException((JsonParser) null, problem);
    }
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      return TreeReader.read(parser);
    }
  }

  /** As {@link #parse(byte[])}, for text already decoded. */
  public static JsonNode parse(String text) {
    try (JsonParser parser = MAPPER.createParser(text)) {
      return TreeReader.read(parser);
    }
  }

  public static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  public static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }
}
