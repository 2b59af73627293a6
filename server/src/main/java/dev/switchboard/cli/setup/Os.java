package dev.switchboard.cli.setup;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The operating systems whose client files and service managers Switchboard knows. Immutable. */
public enum Os {
  LINUX("linux"),
  MACOS("macos"),
  WINDOWS("windows");

  private final String id;

  Os(String id) {
    this.id = id;
  }

  /** The name used on the command line. */
  public String id() {
    return id;
  }

  /** Maps the JVM's {@code os.name}; anything neither Windows nor macOS is treated like Linux (BSDs use XDG too). */
  public static Os fromOsName(String osName) {
    String name = osName.toLowerCase(Locale.ROOT);
    if (name.startsWith("windows")) {
      return WINDOWS;
    }
    return name.contains("mac") || name.contains("darwin") ? MACOS : LINUX;
  }

  public static Os parse(String text) {
    return Arrays.stream(values()).filter(os -> os.id.equalsIgnoreCase(text)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("expected one of " + ids() + ", got \"" + text + "\""));
  }

  static String ids() {
    return Arrays.stream(values()).map(Os::id).collect(Collectors.joining(", "));
  }

  /** Lets picocli accept {@code linux|macos|windows}. */
  public static final class Converter implements ITypeConverter<Os> {
    @Override
    public Os convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
