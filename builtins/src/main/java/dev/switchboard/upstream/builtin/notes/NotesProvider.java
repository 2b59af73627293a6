package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.upstream.builtin.BuiltinOptions;
import dev.switchboard.upstream.builtin.BuiltinServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Provides the {@code notes} server over the entry's {@code "vault"} folder, {@code ~/notes} by default on loopback.
 * Off loopback (team mode) the vault must be configured: other people's clients never get the daemon user's own
 * notes by default. Stateless.
 */
public final class NotesProvider implements BuiltinServer.Provider {
  public static final String NAME = "notes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> problems(ObjectNode options) {
    List<String> out = new ArrayList<>();
    JsonNode vault = options.path("vault");
    if (!vault.isMissingNode() && !vault.isString()) {
      out.add("\"vault\" must be a string (a folder path)");
    } else if (!Files.isDirectory(vault(options))) {
      out.add("the notes vault " + vault(options) + " does not exist or is not a folder; create it or set "
          + "\"vault\" to an existing folder");
    }
    return out;
  }

  @Override
  public BuiltinServer create(ServerSpec spec, BuiltinServer.Context context) throws IOException {
    if (!context.loopbackOnly() && !spec.options().path("vault").isString()) {
      throw new IllegalArgumentException("the gateway listens off loopback, so the notes server needs an explicit "
          + "\"vault\" (it would otherwise serve " + defaultVault() + " to every API key): set \"vault\" to the "
          + "folder to share, or remove the entry");
    }
    return NotesServer.open(vault(spec.options()), context.version());
  }

  /** {@code ~/notes}: the vault used when the config names none. */
  public static Path defaultVault() {
    return Path.of(System.getProperty("user.home"), "notes");
  }

  private static Path vault(ObjectNode options) {
    JsonNode vault = options.path("vault");
    return vault.isString() ? BuiltinOptions.path(vault.asString()) : defaultVault();
  }
}
