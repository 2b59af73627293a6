package dev.switchboard.upstream.builtin.review;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.upstream.builtin.BuiltinOptions;
import dev.switchboard.upstream.builtin.BuiltinServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Provides the {@code review} server with the entry's {@code "roots"} folders and {@code "rules"} files. Stateless. */
public final class ReviewProvider implements BuiltinServer.Provider {
  public static final String NAME = "review";

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

  @Override
  public BuiltinServer create(ServerSpec spec, BuiltinServer.Context context) throws IOException {
    return ReviewServer.create(BuiltinOptions.paths(spec.options().path("roots")),
        BuiltinOptions.paths(spec.options().path("rules")), context.version());
  }
}
