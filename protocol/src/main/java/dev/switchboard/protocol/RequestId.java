package dev.switchboard.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * A JSON-RPC request id: a string or an integer, never null. Equality follows the JSON value, so {@code 1} and
 * {@code "1"} are different ids, as JSON-RPC requires.
 */
public record RequestId(JsonNode value) {
  public RequestId {
    if (!(value.isString() || value.isIntegralNumber())) {
      throw new IllegalArgumentException("a request id must be a string or an integer, not " + value.getNodeType());
    }
  }

  public static RequestId of(long number) {
    return new RequestId(Json.NODES.numberNode(number));
  }

  public static RequestId of(String text) {
    return new RequestId(Json.NODES.stringNode(text));
  }

  /** Whether a JSON value may serve as a request id. */
  public static boolean isValid(JsonNode value) {
    return value.isString() || value.isIntegralNumber();
  }

  public boolean isString() {
    return value.getNodeType() == JsonNodeType.STRING;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RequestId id && id.isString() == isString()
        && (isString() ? value.asString().equals(id.value.asString()) : sameNumber(id.value));
  }

  /** Hashed without making a string or a {@code BigInteger}: ids are map keys on every request's path. */
  @Override
  public int hashCode() {
    if (isString()) {
      return value.asString().hashCode() * 31;
    }
    return (value.canConvertToLong() ? Long.hashCode(value.longValue()) : value.bigIntegerValue().hashCode()) * 17;
  }

  private boolean sameNumber(JsonNode other) {
    return (value.canConvertToLong() && other.canConvertToLong()) ? value.longValue() == other.longValue()
        : value.bigIntegerValue().equals(other.bigIntegerValue());
  }

  @Override
  public String toString() {
    return isString() ? value.asString() : value.bigIntegerValue().toString();
  }
}
