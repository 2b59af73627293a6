package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  @Test
  void durations() {
    assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Units.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Units.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Units.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Units.duration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Units.duration("0s")).isEqualTo(Duration.ZERO);
  }

  @Test
  void durationLenientForms() {
    assertThat(Units.duration(" 30m ")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Units.duration("30 m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Units.duration("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Units.duration("100MS")).isEqualTo(Duration.ofMillis(100));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 minutes", "", " ", "5", "ms", "-5s", "1.5s", "5w", "5mss", "5s5", "five s", "5 m s",
      "PT5M", "99999999999999999999s"})
  void durationRejects(String text) {
    assertThatThrownBy(() -> Units.duration(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationErrorNamesTheInputAndTheForms() {
    assertThatThrownBy(() -> Units.duration("5 minutes")).hasMessageContaining("\"5 minutes\"")
        .hasMessageContaining("500ms").hasMessageContaining("2d");
  }

  @Test
  void durationOverflowIsIllegalArgument() {
    assertThatThrownBy(() -> Units.duration("9999999999999999d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizes() {
    assertThat(Units.size("16MiB")).isEqualTo(16_777_216L);
    assertThat(Units.size("512KiB")).isEqualTo(524_288L);
    assertThat(Units.size("1GiB")).isEqualTo(1L << 30);
    assertThat(Units.size("1kb")).isEqualTo(1000L);
    assertThat(Units.size("2MB")).isEqualTo(2_000_000L);
    assertThat(Units.size("3GB")).isEqualTo(3_000_000_000L);
    assertThat(Units.size("65536")).isEqualTo(65_536L);
    assertThat(Units.size("10b")).isEqualTo(10L);
    assertThat(Units.size("0")).isEqualTo(0L);
  }

  @Test
  void sizeLenientForms() {
    assertThat(Units.size(" 16 MiB ")).isEqualTo(16L << 20);
    assertThat(Units.size("16mib")).isEqualTo(16L << 20);
    assertThat(Units.size("4KB")).isEqualTo(4000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"16 megabytes", "1.5MiB", "", "-1", "MiB", "16M", "16K", "16TiB", "16MiB!", "0x10",
      "99999999999999999999"})
  void sizeRejects(String text) {
    assertThatThrownBy(() -> Units.size(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizeErrorNamesTheInput() {
    assertThatThrownBy(() -> Units.size("16 megabytes")).hasMessageContaining("\"16 megabytes\"")
        .hasMessageContaining("16MiB");
  }

  @Test
  void sizeOverflowRejected() {
    assertThatThrownBy(() -> Units.size("9999999999GiB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Units.size("9223372036854775807kb")).isInstanceOf(IllegalArgumentException.class);
  }
}
