package dev.switchboard.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads {@code gateway.groups}: each group's members (which must be configured servers) and its tool filter. */
final class GroupLoader {
  private static final Set<String> GROUP = Set.of("servers", "tools", "listTimeout", "pageSize", "listen");
  private static final Set<String> FILTER = Set.of("allow", "deny");

  private final Fields f;

  GroupLoader(Fields fields) {
    this.f = fields;
  }

  Map<String, GroupSpec> read(JsonNode gateway, String path, Set<String> servers) {
    Map<String, GroupSpec> out = new LinkedHashMap<>();
    JsonNode node = gateway.path("groups");
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      f.problem(path + ".groups", "expected an object of named groups, got " + Fields.kind(node));
      return out;
    }
    for (var entry : node.properties()) {
      GroupSpec group = group(entry.getKey(), entry.getValue(), path + ".groups." + entry.getKey(), servers);
      if (group != null) {
        out.put(group.name(), group);
      }
    }
    return out;
  }

  /** A key's or a group's {@code tools} filter. */
  ToolFilter filter(JsonNode owner, String path) {
    JsonNode node = f.section(owner, "tools", path, FILTER);
    return new ToolFilter(f.strings(node, "allow", path + ".tools"), f.strings(node, "deny", path + ".tools"));
  }

  private @Nullable GroupSpec group(String name, JsonNode raw, String path, Set<String> servers) {
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      f.problem(path, "a group name may use only letters, digits, '.', '_' and '-' (at most 64)");
    }
    if (servers.contains(name)) {
      f.problem(path, "a group may not have the name of a server in mcpServers: \"" + name + "\"");
    }
    if (!raw.isObject()) {
      f.problem(path, "expected an object with \"servers\" (a list of server names, or \"*\")");
      return null;
    }
    f.keys(raw, path, GROUP);
    Duration timeout = f.duration(raw, "listTimeout", path, GroupSpec.DEFAULT_LIST_TIMEOUT);
    int pageSize = f.integer(raw, "pageSize", path, GroupSpec.DEFAULT_PAGE_SIZE, 1, 100_000);
    return new GroupSpec(name, members(raw.path("servers"), path + ".servers", servers), filter(raw, path), timeout,
        pageSize, ConfigLoader.listen(f, raw, path));
  }

  private @Nullable List<String> members(JsonNode node, String path, Set<String> servers) {
    if (node.isString() && node.asString().equals("*")) {
      return null;
    }
    if (!node.isArray() || node.isEmpty()) {
      f.problem(path, "expected \"*\" or a non-empty array of server names");
      return List.of();
    }
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String name = node.get(i).asString("");
      if (!servers.contains(name)) {
        f.problem(path + "[" + i + "]", "names no server in mcpServers: " + node.get(i));
      } else if (names.contains(name)) {
        f.problem(path + "[" + i + "]", "\"" + name + "\" is listed twice");
      } else {
        names.add(name);
      }
    }
    return names;
  }
}
