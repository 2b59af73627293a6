package dev.switchboard.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One API key: a name for logs and audit (never the key), the SHA-256 of the key (a key given in clear is hashed at
 * load, so the secret is not kept), the servers and groups it may use ({@code *} for all), and which tools of a
 * group its clients may see and call. {@code tools} applies on group endpoints only (a group's exposed
 * {@code server__name}s): on a server's own endpoint the key's clients see and call every tool of that server.
 */
public record ApiKey(String name, String sha256Hex, List<String> servers, ToolFilter tools) {
  public ApiKey {
    servers = List.copyOf(servers);
    sha256Hex = sha256Hex.toLowerCase(java.util.Locale.ROOT);
  }

  /** A key without a tool filter. */
  public ApiKey(String name, String sha256Hex, List<String> servers) {
    this(name, sha256Hex, servers, ToolFilter.ALL);
  }

  public static ApiKey ofSecret(String name, String secret, List<String> servers) {
    return ofSecret(name, secret, servers, ToolFilter.ALL);
  }

  public static ApiKey ofSecret(String name, String secret, List<String> servers, ToolFilter tools) {
    return new ApiKey(name, HexFormat.of().formatHex(sha256(secret)), servers, tools);
  }

  public boolean allows(String server) {
    return servers.contains("*") || servers.contains(server);
  }

  /** Constant-time comparison of a presented key with this one. */
  public boolean matches(byte[] presentedDigest) {
    return MessageDigest.isEqual(presentedDigest, HexFormat.of().parseHex(sha256Hex));
  }

  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ApiKey[" + name + ", servers=" + servers + ", tools=" + tools + "]"; // never the digest
  }
}
