package dev.switchboard.upstream.builtin;

import dev.switchboard.config.ServerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates the built-in servers configured like any other entry of {@code mcpServers}, from the entry's own keys, with
 * the {@link BuiltinServer.Provider}s that {@link ServiceLoader} finds. It knows no server by name. Thread safe: the
 * providers are loaded once.
 */
public final class BuiltinServers {
  private static final Map<String, BuiltinServer.Provider> PROVIDERS = load();
  /** Every built-in name a config may use, sorted. */
  public static final Set<String> NAMES = Collections.unmodifiableSet(PROVIDERS.keySet());

  private BuiltinServers() {}

  /** As {@link #create(String, ServerSpec, String)} with this build's version. */
  public static BuiltinServer create(String builtin, ServerSpec spec) {
    return create(builtin, spec, version());
  }

  /** As {@link #create(ServerSpec, BuiltinServer.Context)} with no gateway (which only {@code switchboard} needs). */
  public static BuiltinServer create(String builtin, ServerSpec spec, String version) {
    return create(builtin, spec, new BuiltinServer.Context(version, null));
  }

  /**
   * The server for the entry's {@code "builtin"}. Throws {@link IllegalArgumentException} with a message for the user
   * (without the entry's name, which the caller adds) when the entry is unusable: an unknown server, a missing vault,
   * root or rule file, an invalid rule file; {@link UncheckedIOException} when the server cannot start.
   */
  public static BuiltinServer create(ServerSpec spec, BuiltinServer.Context context) {
    return create(Objects.requireNonNull(spec.builtin(), "not a built-in server"), spec, context);
  }

  /**
   * What is wrong with an entry's options, one message per problem (empty when fine), so config validation can
   * report them with everything else. Rule files are only checked for existence here; {@link #create} parses them.
   */
  public static List<String> problems(String builtin, ObjectNode options) {
    BuiltinServer.Provider provider = PROVIDERS.get(builtin);
    return provider == null ? List.of(unknown(builtin)) : provider.problems(options);
  }

  private static BuiltinServer create(String builtin, ServerSpec spec, BuiltinServer.Context context) {
    List<String> problems = problems(builtin, spec.options());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    try {
      // problems() above reports an unknown builtin, so there is a provider
      return Objects.requireNonNull(PROVIDERS.get(builtin), "no provider").create(spec, context);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + builtin + " server '" + spec.name() + "': "
          + e.getMessage(), e);
    }
  }

  static String version() {
    String version = BuiltinServers.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static String unknown(String builtin) {
    return "unknown built-in server '" + builtin + "'; known: " + NAMES;
  }

  private static Map<String, BuiltinServer.Provider> load() {
    Map<String, BuiltinServer.Provider> out = new TreeMap<>();
    for (BuiltinServer.Provider provider : ServiceLoader.load(BuiltinServer.Provider.class,
        BuiltinServers.class.getClassLoader())) {
      BuiltinServer.Provider clash = out.putIfAbsent(provider.name(), provider);
      if (clash != null) {
        throw new IllegalStateException("two built-in servers are named '" + provider.name() + "': "
            + clash.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
