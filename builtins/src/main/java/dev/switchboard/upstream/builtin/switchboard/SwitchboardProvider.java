package dev.switchboard.upstream.builtin.switchboard;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.upstream.builtin.BuiltinServer;
import dev.switchboard.upstream.builtin.Introspection;

/** Provides the {@code switchboard} server, which needs the gateway it reports on. Stateless. */
public final class SwitchboardProvider implements BuiltinServer.Provider {
  public static final String NAME = "switchboard";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuiltinServer create(ServerSpec spec, BuiltinServer.Context context) {
    Introspection gateway = context.gateway();
    if (gateway == null) {
      throw new IllegalArgumentException("the switchboard server runs only inside the gateway");
    }
    return new SwitchboardServer(gateway, context.version());
  }
}
