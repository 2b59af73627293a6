package dev.switchboard.gateway.group;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The names a group's clients see for its members' tools and prompts: {@code server__name} when that fits the
 * 64-character limit and the {@code [a-zA-Z0-9_-]} charset clients enforce, otherwise a shortened, cleaned form ending
 * in a hash of the server and the original name, so the same tool always gets the same name. Stateless.
 */
public final class Names {
  public static final int MAX = 64;
  public static final String SEPARATOR = "__";
  private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern INVALID_CHAR = Pattern.compile("[^a-zA-Z0-9_-]");
  private static final int HASH_CHARS = 10;

  private Names() {}

  /** {@code server__name}, if clients accept it as is. */
  public static String plain(String server, String name) {
    return server + SEPARATOR + name;
  }

  public static boolean acceptable(String name) {
    return name.length() <= MAX && VALID.matcher(name).matches();
  }

  /** The shortened form: the cleaned plain name cut to fit, then {@code _} and a stable hash. */
  public static String hashed(String server, String name) {
    String cleaned = INVALID_CHAR.matcher(plain(server, name)).replaceAll("_");
    String hash = hash(server + "\u0000" + name);
    int keep = Math.min(cleaned.length(), MAX - HASH_CHARS - 1);
    return cleaned.substring(0, keep) + "_" + hash;
  }

  /** The name a tool gets when nothing collides with its plain name. */
  public static String exposed(String server, String name) {
    String plain = plain(server, name);
    return acceptable(plain) ? plain : hashed(server, name);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
