package dev.switchboard.upstream.builtin;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.upstream.builtin.notes.NotesServer;
import dev.switchboard.upstream.builtin.review.ReviewServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates the built-in servers that are configured like any other entry of {@code mcpServers} ({@code notes},
 * {@code review}), from the entry's own keys. The {@code switchboard} server is the gateway's and is made there.
 * Stateless.
 */
public final class BuiltinServers {
  public static final String NOTES = "notes";
  public static final String REVIEW = "review";
  /** Every built-in name a config may use, {@code switchboard} included. */
  public static final Set<String> NAMES = Set.of("switchboard", NOTES, REVIEW);

  private BuiltinServers() {}

  /** As {@link #create(String, ServerSpec, String)} with this build's version. */
  public static BuiltinServer create(String builtin, ServerSpec spec) {
    return create(builtin, spec, version());
  }

  /**
   * The server for {@code "builtin": builtin}. Throws {@link IllegalArgumentException} with a message for the user
   * (without the entry's name, which the caller adds) when the entry is unusable: a missing vault, root or rule
   * file, or an invalid rule file; {@link UncheckedIOException} when the vault cannot be read or watched.
   */
  public static BuiltinServer create(String builtin, ServerSpec spec, String version) {
    List<String> problems = problems(builtin, spec.options());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    try {
      return switch (builtin) {
        case NOTES -> NotesServer.open(vault(spec.options()), version);
        case REVIEW -> ReviewServer.create(paths(spec.options().path("roots")), paths(spec.options().path("rules")),
            version);
        default -> throw new IllegalArgumentException("unknown built-in server '" + builtin + "'");
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + builtin + " server '" + spec.name() + "': "
          + e.getMessage(), e);
    }
  }

  /**
   * What is wrong with an entry's options, one message per problem (empty when fine), so config validation can
   * report them with everything else. Rule files are only checked for existence here; {@link #create} parses them.
   */
  public static List<String> problems(String builtin, ObjectNode options) {
    List<String> out = new ArrayList<>();
    switch (builtin) {
      case NOTES -> {
        JsonNode vault = options.path("vault");
        if (!vault.isMissingNode() && !vault.isString()) {
          out.add("\"vault\" must be a string (a folder path)");
        } else if (!Files.isDirectory(vault(options))) {
          out.add("the notes vault " + vault(options) + " does not exist or is not a folder; create it or set "
              + "\"vault\" to an existing folder");
        }
      }
      case REVIEW -> {
        check(options.path("roots"), "roots", true, out);
        check(options.path("rules"), "rules", false, out);
      }
      case "switchboard" -> { }
      default -> out.add("unknown built-in server '" + builtin + "'; known: " + NAMES);
    }
    return out;
  }

  /** {@code ~/notes}: the vault used when the config names none. */
  public static Path defaultNotesVault() {
    return Path.of(System.getProperty("user.home"), "notes");
  }

  /** Whether {@code ~/notes} exists, so a gateway with no config can serve {@code notes} too. */
  public static boolean defaultNotesVaultExists() {
    return Files.isDirectory(defaultNotesVault());
  }

  static String version() {
    String version = BuiltinServers.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static Path vault(ObjectNode options) {
    JsonNode vault = options.path("vault");
    return vault.isString() ? expand(vault.asString()) : defaultNotesVault();
  }

  private static void check(JsonNode value, String key, boolean folders, List<String> out) {
    if (value.isMissingNode() || value.isNull()) {
      return;
    }
    if (!(value.isString() || value.isArray())) {
      out.add("\"" + key + "\" must be a list of paths");
      return;
    }
    try {
      for (Path path : paths(value)) {
        if (folders ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
          out.add("\"" + key + "\" names " + path + ", which is not an existing " + (folders ? "folder" : "file"));
        }
      }
    } catch (IllegalArgumentException e) {
      out.add("\"" + key + "\": " + e.getMessage());
    }
  }

  /** A string or list of strings as absolute paths, {@code ~} expanded. */
  private static List<Path> paths(JsonNode value) {
    List<Path> out = new ArrayList<>();
    if (value.isString()) {
      out.add(expand(value.asString()));
    }
    for (JsonNode item : value.isArray() ? value : List.<JsonNode>of()) {
      if (!item.isString()) {
        throw new IllegalArgumentException("expected only strings in a list of paths, got " + item);
      }
      out.add(expand(item.asString()));
    }
    return out;
  }

  private static Path expand(String path) {
    String home = System.getProperty("user.home");
    String expanded = path.equals("~") || path.startsWith("~/") ? home + path.substring(1) : path;
    return Path.of(expanded).toAbsolutePath().normalize();
  }
}
