package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdTest {
  @Test
  void integerAndStringDiffer() {
    assertThat(RequestId.of(1)).isNotEqualTo(RequestId.of("1"));
    assertThat(RequestId.of("1")).isNotEqualTo(RequestId.of(1));
    assertThat(RequestId.of(1).isString()).isFalse();
    assertThat(RequestId.of("1").isString()).isTrue();
  }

  @Test
  void hashKeysKeepThemApart() {
    Map<RequestId, String> pending = new HashMap<>();
    pending.put(RequestId.of(1), "int");
    pending.put(RequestId.of("1"), "string");
    assertThat(pending).hasSize(2);
    assertThat(pending.get(RequestId.of(1))).isEqualTo("int");
    assertThat(pending.get(RequestId.of("1"))).isEqualTo("string");
  }

  @Test
  void equalityFollowsTheJsonValueNotTheNodeClass() {
    RequestId fromLong = RequestId.of(7);
    RequestId fromInt = new RequestId(Json.NODES.numberNode(7));
    RequestId fromBig = new RequestId(Json.NODES.numberNode(BigInteger.valueOf(7)));
    RequestId parsed = new RequestId(Json.parse("7"));
    for (RequestId other : new RequestId[] {fromInt, fromBig, parsed}) {
      assertThat(other).isEqualTo(fromLong);
      assertThat(fromLong).isEqualTo(other);
      assertThat(other.hashCode()).isEqualTo(fromLong.hashCode());
    }
    Set<RequestId> set = new HashSet<>(Set.of(fromLong));
    assertThat(set).contains(fromInt, fromBig, parsed);
  }

  @Test
  void integersBeyondALongCompareByValue() {
    RequestId big = new RequestId(Json.parse("123456789012345678901234567890"));
    RequestId same = new RequestId(Json.NODES.numberNode(new BigInteger("123456789012345678901234567890")));
    assertThat(big).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(big).isNotEqualTo(RequestId.of(Long.MAX_VALUE)).isNotEqualTo(RequestId.of(
        "123456789012345678901234567890"));
    assertThat(RequestId.of(Long.MAX_VALUE)).isNotEqualTo(big);
  }

  @Test
  void stringEquality() {
    assertThat(RequestId.of("abc")).isEqualTo(new RequestId(Json.parse("\"abc\"")));
    assertThat(RequestId.of("abc").hashCode()).isEqualTo(new RequestId(Json.parse("\"abc\"")).hashCode());
    assertThat(RequestId.of("abc")).isNotEqualTo(RequestId.of("ABC"));
    assertThat(RequestId.of("")).isEqualTo(RequestId.of(""));
  }

  @Test
  void notEqualToOtherTypes() {
    assertThat(RequestId.of(1)).isNotEqualTo(1L);
    assertThat(RequestId.of("1")).isNotEqualTo("1");
    assertThat(RequestId.of(1).equals(null)).isFalse();
  }

  @Test
  void toStringIsTheBareValue() {
    assertThat(RequestId.of(42)).hasToString("42");
    assertThat(RequestId.of(-42)).hasToString("-42");
    assertThat(RequestId.of("a\"b")).hasToString("a\"b");
    assertThat(new RequestId(Json.parse("123456789012345678901234567890"))).hasToString(
        "123456789012345678901234567890");
  }

  @Test
  void valueIsTheJsonNode() {
    assertThat(Json.text(RequestId.of(5).value())).isEqualTo("5");
    assertThat(Json.text(RequestId.of("5").value())).isEqualTo("\"5\"");
  }

  @Test
  void isValid() {
    assertThat(RequestId.isValid(Json.parse("1"))).isTrue();
    assertThat(RequestId.isValid(Json.parse("\"x\""))).isTrue();
    assertThat(RequestId.isValid(Json.parse("123456789012345678901234567890"))).isTrue();
    assertThat(RequestId.isValid(Json.parse("1.5"))).isFalse();
    assertThat(RequestId.isValid(Json.parse("1.0"))).isFalse();
    assertThat(RequestId.isValid(Json.parse("null"))).isFalse();
    assertThat(RequestId.isValid(Json.parse("true"))).isFalse();
    assertThat(RequestId.isValid(Json.parse("{}"))).isFalse();
    assertThat(RequestId.isValid(Json.parse("[]"))).isFalse();
  }

  @Test
  void constructorRejectsOtherValues() {
    assertThatThrownBy(() -> new RequestId(Json.parse("null"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestId(Json.parse("1.5"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestId(Json.parse("false"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestId(Json.parse("{}"))).isInstanceOf(IllegalArgumentException.class);
  }
}
