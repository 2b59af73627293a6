package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The counted size always equals what the mapper writes. */
class JsonSizeTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void wireTextOfEveryKindCountsAsTheMapperWritesIt() {
    List<String> texts = List.of("{}", "[]", "\"\"", "true", "false", "null", "0", "-7", "9223372036854775807",
        "-9223372036854775808", "123456789012345678901234567890", "1.50", "-0.0", "1e10", "2.5E-300",
        "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":"
            + "{\"text\":\"hé \\\"quoted\\\" \\\\ back/slash \\n\\t\\u0001\\u001f\\u007f € 😀\"},\"_meta\":"
            + "{\"progressToken\":\"a\",\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}}",
        "{\"a\":[1,[2,[3,{}]],{\"b\":null}],\"ключ\":\"значение\",\"\":\"\"}");
    for (String text : texts) {
      JsonNode node = Json.parse(text.getBytes(StandardCharsets.UTF_8));
      assertThat(JsonSize.of(node)).as(text).isEqualTo(Json.bytes(node).length);
    }
  }

  @Test
  void everyCharacterAndAnUnpairedSurrogateCountAsWritten() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x3000; c++) {
      if (!Character.isSurrogate(c)) {
        all.append(c);
      }
    }
    for (String s : List.of(all.toString(), "\ud83d\ude00x", "/", "\u2028\u2029")) {
      JsonNode node = NODES.stringNode(s);
      assertThat(JsonSize.of(node)).isEqualTo(Json.bytes(node).length);
    }
    ObjectNode lone = NODES.objectNode().put("lone\ud800", "x\udc00y");
    assertThat(JsonSize.of(lone)).isEqualTo(Json.bytes(lone).length);
  }

  @Test
  void randomTreesCountAsWritten() {
    Random random = new Random(20261205);
    for (int i = 0; i < 2_000; i++) {
      JsonNode node = tree(random, 3);
      assertThat(JsonSize.of(node)).as(Json.text(node)).isEqualTo(Json.bytes(node).length);
    }
  }

  private static JsonNode tree(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> NODES.stringNode(text(random));
      case 1 -> NODES.numberNode(random.nextLong() >> random.nextInt(64));
      case 2 -> NODES.numberNode(random.nextInt());
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.nullNode();
      case 5 -> NODES.numberNode(new java.math.BigDecimal(random.nextInt() + "." + random.nextInt(1000)));
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        for (int n = random.nextInt(5); n > 0; n--) {
          array.add(tree(random, depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int n = random.nextInt(5); n > 0; n--) {
          object.set(text(random), tree(random, depth - 1));
        }
        yield object;
      }
    };
  }

  private static String text(Random random) {
    int[] pool = "ab/\\\"\n\t\u0000\u001f\u007f é€😀 ".codePoints().toArray();
    StringBuilder b = new StringBuilder();
    for (int n = random.nextInt(12); n > 0; n--) {
      b.appendCodePoint(pool[random.nextInt(pool.length)]);
    }
    return b.toString();
  }
}
