package dev.switchboard.gateway;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.Config;
import dev.switchboard.config.ToolFilter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The API keys' tool filters of a configuration, which group endpoints apply to listing and calling. Stateless. */
final class KeyFilters {
  private KeyFilters() {}

  /** The tool filter of the API key named {@code principal} (none for a key without one, or no key). */
  static ToolFilter of(Config config, String principal) {
    return config.gateway().security().keys().stream().filter(k -> k.name().equals(principal)).findFirst()
        .map(ApiKey::tools).orElse(ToolFilter.ALL);
  }

  /** The keys whose tool filter {@code next} changes (added and removed keys included): what they may list changed. */
  static Set<String> changed(Config before, Config next) {
    Map<String, ToolFilter> was = byKey(before);
    Map<String, ToolFilter> is = byKey(next);
    Set<String> out = new HashSet<>(was.keySet());
    out.addAll(is.keySet());
    out.removeIf(name -> Objects.equals(was.get(name), is.get(name)));
    return out;
  }

  private static Map<String, ToolFilter> byKey(Config config) {
    Map<String, ToolFilter> out = new HashMap<>();
    config.gateway().security().keys().forEach(k -> out.put(k.name(), k.tools()));
    return out;
  }
}
