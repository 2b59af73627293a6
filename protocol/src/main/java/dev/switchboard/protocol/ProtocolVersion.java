package dev.switchboard.protocol;

import java.util.List;

/** The MCP revisions Switchboard speaks, oldest first, and the rules for choosing one. */
public final class ProtocolVersion {
  public static final String V2024_11_05 = "2024-11-05";
  public static final String V2025_03_26 = "2025-03-26";
  public static final String V2025_06_18 = "2025-06-18";
  public static final String V2025_11_25 = "2025-11-25";
  /** The stateless revision (no handshake, per-request {@code _meta}); served on the same endpoints as the others. */
  public static final String V2026_07_28 = "2026-07-28";
  /** Revisions served statelessly, newest first. */
  public static final List<String> MODERN = List.of(V2026_07_28);
  /** Every revision served, newest first: what a dual-era server lists in {@code server/discover}. */
  public static final List<String> ALL = List.of(V2026_07_28, V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05);

  /** Revisions that open with an {@code initialize} handshake and may hold a session. */
  public static final List<String> LEGACY = List.of(V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25);
  public static final String LATEST_LEGACY = V2025_11_25;
  /** What a session is assumed to speak when nothing says otherwise (MCP-Protocol-Version absent). */
  public static final String ASSUMED = V2025_03_26;

  private ProtocolVersion() {}

  public static boolean isLegacy(String version) {
    return LEGACY.contains(version);
  }

  public static boolean isModern(String version) {
    return MODERN.contains(version);
  }

  /** Echo a supported request; otherwise offer our newest, as the handshake rules say. */
  public static String negotiate(String requested) {
    return isLegacy(requested) ? requested : LATEST_LEGACY;
  }

  /** Whether batches (JSON arrays of messages) are allowed: only in 2025-03-26. */
  public static boolean allowsBatches(String version) {
    return V2025_03_26.equals(version);
  }

  /** Whether SSE streams should open with a priming event (SEP-1699): from 2025-11-25 on. */
  public static boolean wantsPriming(String version) {
    return version.compareTo(V2025_11_25) >= 0;
  }
}
