package dev.switchboard.upstream.builtin.review;

import dev.switchboard.config.Config;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.upstream.builtin.BuiltinOptions;
import dev.switchboard.upstream.builtin.BuiltinServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/** Provides the {@code review} server with the entry's {@code "roots"} folders and {@code "rules"} files. Stateless. */
public final class ReviewProvider implements BuiltinServer.Provider {
  public static final String NAME = "review";
  private static final Logger LOG = LoggerFactory.getLogger(ReviewProvider.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> problems(ObjectNode options) {
    List<String> out = new ArrayList<>();
    BuiltinOptions.checkPaths(options.path("roots"), "roots", true, out);
    BuiltinOptions.checkPaths(options.path("rules"), "rules", false, out);
    return out;
  }

  /**
   * Off loopback (the gateway serves other machines, with API keys) the entry must configure {@code roots}: a
   * client's roots name folders on the gateway host that the client chose, so without configured roots any client
   * could have any file read; such an entry is a configuration error. The embedded default's entry (no config file:
   * the user wrote no entry) is served without file access instead, so a quick {@code run --host 0.0.0.0} still
   * starts. On loopback, and for a local command (no gateway), client roots may stand in.
   */
  @Override
  public BuiltinServer create(ServerSpec spec, BuiltinServer.Context context) throws IOException {
    List<Path> roots = BuiltinOptions.paths(spec.options().path("roots"));
    List<Path> rules = BuiltinOptions.paths(spec.options().path("rules"));
    @Nullable Config config = context.gateway() instanceof Gateway gateway ? gateway.config() : null;
    if (config == null || config.gateway().isLoopback() || !roots.isEmpty()) {
      return ReviewServer.create(roots, rules, context.version(), config != null && !config.gateway().isLoopback());
    }
    String why = "\"roots\" is required: the gateway listens on " + config.gateway().host() + ", beyond this "
        + "machine, and without configured roots the review server would read any folder a client names on the "
        + "gateway host. Add \"roots\": [\"/path/to/code\"] (the folders it may review) to mcpServers."
        + spec.name() + ", or bind 127.0.0.1";
    if (config.source() != null) {
      throw new IllegalArgumentException(why);
    }
    LOG.warn("the built-in server '{}' of the embedded default configuration reads no files: {}", spec.name(), why);
    return ReviewServer.withoutFiles(rules, context.version(), why);
  }
}
