package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
  void negotiateEchoesSupportedLegacy(String version) {
    assertThat(ProtocolVersion.isLegacy(version)).isTrue();
    assertThat(ProtocolVersion.negotiate(version)).isEqualTo(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-10-07", "1999-01-01", "2030-01-01", "", "latest", "2025-11-25 ", "2026-07-28"})
  void negotiateOffersLatestLegacyOtherwise(String version) {
    assertThat(ProtocolVersion.negotiate(version)).isEqualTo(ProtocolVersion.LATEST_LEGACY).isEqualTo("2025-11-25");
  }

  @Test
  void statelessRevisionIsNotLegacy() {
    assertThat(ProtocolVersion.isLegacy(ProtocolVersion.V2026_07_28)).isFalse();
    assertThat(ProtocolVersion.isLegacy("2030-01-01")).isFalse();
  }

  @Test
  void legacyListOldestFirst() {
    assertThat(ProtocolVersion.LEGACY).containsExactly("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    assertThat(ProtocolVersion.LEGACY).isSorted();
    assertThat(ProtocolVersion.ASSUMED).isEqualTo("2025-03-26");
  }

  @Test
  void allowsBatchesOnlyIn20250326() {
    assertThat(ProtocolVersion.allowsBatches("2025-03-26")).isTrue();
    assertThat(ProtocolVersion.allowsBatches("2024-11-05")).isFalse();
    assertThat(ProtocolVersion.allowsBatches("2025-06-18")).isFalse();
    assertThat(ProtocolVersion.allowsBatches("2025-11-25")).isFalse();
    assertThat(ProtocolVersion.allowsBatches("2026-07-28")).isFalse();
  }

  @Test
  void wantsPrimingFrom20251125() {
    assertThat(ProtocolVersion.wantsPriming("2024-11-05")).isFalse();
    assertThat(ProtocolVersion.wantsPriming("2025-03-26")).isFalse();
    assertThat(ProtocolVersion.wantsPriming("2025-06-18")).isFalse();
    assertThat(ProtocolVersion.wantsPriming("2025-11-25")).isTrue();
    assertThat(ProtocolVersion.wantsPriming("2026-07-28")).isTrue();
  }
}
