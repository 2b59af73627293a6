package dev.switchboard.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.node.NumericFPNode;

/**
 * A JSON number with a fraction or an exponent, kept as the text it arrived as: reading it costs no conversion, and
 * writing it gives back exactly those characters ({@code 1.50} stays {@code 1.50}, {@code 1e2} stays {@code 1e2}).
 * A consumer that asks for a value gets one on demand ({@link #doubleValue()} parses the text as a double,
 * {@link #decimalValue()} as a {@code BigDecimal}, computed once). {@link Json#parse} makes these only for numbers
 * whose exponent lies within ±{@value Json#MAX_EXPONENT}, so every one of them is also a valid {@code BigDecimal}.
 * Immutable and thread safe.
 */
public final class RawDecimalNode extends NumericFPNode {
  private static final long serialVersionUID = 1L;

  private final String text;
  private transient volatile @Nullable BigDecimal decimal;

  RawDecimalNode(String text) {
    this.text = text;
  }

  /** The number exactly as it was written. */
  public String text() {
    return text;
  }

  private BigDecimal decimal() {
    BigDecimal value = decimal;
    if (value == null) {
      value = new BigDecimal(text);
      decimal = value;
    }
    return value;
  }

  @Override
  public JsonParser.NumberType numberType() {
    return JsonParser.NumberType.BIG_DECIMAL;
  }

  @Override
  public boolean isBigDecimal() {
    return true;
  }

  @Override
  public boolean isNaN() {
    return false;
  }

  @Override
  public Number numberValue() {
    return decimal();
  }

  @Override
  protected String _asString() {
    return text;
  }

  // ---- floating point: straight from the text, never through BigDecimal ----

  @Override
  public float floatValue() {
    float value = Float.parseFloat(text);
    return Float.isFinite(value) ? value : _reportFloatConversionRangeFail("floatValue()");
  }

  @Override
  public float floatValue(float defaultValue) {
    float value = Float.parseFloat(text);
    return Float.isFinite(value) ? value : defaultValue;
  }

  @Override
  public Optional<Float> floatValueOpt() {
    float value = Float.parseFloat(text);
    return Float.isFinite(value) ? Optional.of(value) : Optional.empty();
  }

  @Override
  public float asFloat() {
    return floatValue();
  }

  @Override
  public float asFloat(float defaultValue) {
    return floatValue(defaultValue);
  }

  @Override
  public Optional<Float> asFloatOpt() {
    return floatValueOpt();
  }

  @Override
  public double doubleValue() {
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? value : _reportDoubleConversionRangeFail("doubleValue()");
  }

  @Override
  public double doubleValue(double defaultValue) {
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? value : defaultValue;
  }

  @Override
  public OptionalDouble doubleValueOpt() {
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  @Override
  public double asDouble() {
    return doubleValue();
  }

  @Override
  public double asDouble(double defaultValue) {
    return doubleValue(defaultValue);
  }

  @Override
  public OptionalDouble asDoubleOpt() {
    return doubleValueOpt();
  }

  // ---- exact values: BigDecimal, parsed on first use ----

  @Override
  public BigDecimal decimalValue() {
    return decimal();
  }

  @Override
  public BigDecimal decimalValue(BigDecimal defaultValue) {
    return decimal();
  }

  @Override
  public Optional<BigDecimal> decimalValueOpt() {
    return Optional.of(decimal());
  }

  @Override
  public BigDecimal asDecimal() {
    return decimal();
  }

  @Override
  public BigDecimal asDecimal(BigDecimal defaultValue) {
    return decimal();
  }

  @Override
  public Optional<BigDecimal> asDecimalOpt() {
    return Optional.of(decimal());
  }

  @Override
  public boolean hasFractionalPart() {
    BigDecimal d = decimal();
    return d.signum() != 0 && d.scale() > 0 && d.stripTrailingZeros().scale() > 0;
  }

  @Override
  public boolean inShortRange() {
    return decimal().compareTo(BD_MIN_SHORT) >= 0 && decimal().compareTo(BD_MAX_SHORT) <= 0;
  }

  @Override
  public boolean inIntRange() {
    return decimal().compareTo(BD_MIN_INTEGER) >= 0 && decimal().compareTo(BD_MAX_INTEGER) <= 0;
  }

  @Override
  public boolean inLongRange() {
    return decimal().compareTo(BD_MIN_LONG) >= 0 && decimal().compareTo(BD_MAX_LONG) <= 0;
  }

  @Override
  public short _asShortValueUnchecked() {
    return decimal().shortValue();
  }

  @Override
  public int _asIntValueUnchecked() {
    return decimal().intValue();
  }

  @Override
  public long _asLongValueUnchecked() {
    return decimal().longValue();
  }

  @Override
  protected BigInteger _asBigIntegerValueUnchecked() {
    // as Jackson's DecimalNode: 1e999999999 must not become a billion-digit BigInteger
    StreamReadConstraints.defaults().validateBigIntegerScale(decimal().scale());
    return decimal().toBigInteger();
  }

  @Override
  protected BigDecimal _asDecimalValueUnchecked() {
    return decimal();
  }

  @Override
  public void serialize(JsonGenerator g, SerializationContext ctxt) throws JacksonException {
    g.writeNumber(text);
  }

  /** Equal to another number read from the same text; {@code 1.0} and {@code 1.00} differ, as their texts do. */
  @Override
  public boolean equals(Object other) {
    return other == this || (other instanceof RawDecimalNode raw && raw.text.equals(text));
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
