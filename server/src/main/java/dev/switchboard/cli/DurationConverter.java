package dev.switchboard.cli;

import dev.switchboard.config.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Lets flags take {@code 500ms}, {@code 30s}, {@code 5m} like the config does. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Units.duration(value);
  }
}
