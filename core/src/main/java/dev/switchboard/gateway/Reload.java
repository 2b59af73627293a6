package dev.switchboard.gateway;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigDiff;
import dev.switchboard.config.SettingChange;
import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a configuration reload changes: servers by name, and every changed setting by its config path with whether
 * it was applied live or keeps its running value until a restart (see {@link ConfigDiff}). Immutable.
 *
 * @param settings every changed setting, servers included ({@code mcpServers.NAME[.KEY]})
 */
public record Reload(List<String> added, List<String> removed, List<String> changed, List<String> unchanged,
    List<SettingChange> settings) {

  public Reload {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    unchanged = List.copyOf(unchanged);
    settings = List.copyOf(settings);
  }

  /** What a reload from {@code before} to {@code after} does (a pure function: also the dry run). */
  public static Reload between(Config before, Config after) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    after.servers().forEach((name, spec) -> {
      var old = before.servers().get(name);
      (old == null ? added : old.equals(spec) ? unchanged : changed).add(name);
    });
    before.servers().keySet().stream().filter(n -> !after.servers().containsKey(n)).forEach(removed::add);
    return new Reload(added, removed, changed, unchanged, ConfigDiff.between(before, after).changes());
  }

  /** Servers whose sessions must end: removed ones and changed ones. */
  public List<String> retired() {
    List<String> out = new ArrayList<>(removed);
    out.addAll(changed);
    return out;
  }

  /** Paths of the settings in force now. */
  public List<String> applied() {
    return settings.stream().filter(SettingChange::live).map(SettingChange::path).toList();
  }

  /** Paths of the settings whose new value waits for {@code switchboard restart}. */
  public List<String> needsRestart() {
    return settings.stream().filter(s -> !s.live()).map(SettingChange::path).toList();
  }

  public boolean restartNeeded() {
    return !needsRestart().isEmpty();
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    added.forEach(node.putArray("added")::add);
    removed.forEach(node.putArray("removed")::add);
    changed.forEach(node.putArray("changed")::add);
    unchanged.forEach(node.putArray("unchanged")::add);
    applied().forEach(node.putArray("applied")::add);
    needsRestart().forEach(node.putArray("needsRestart")::add);
    return node.put("restartNeeded", restartNeeded());
  }

  @Override
  public String toString() {
    return "added " + added + ", removed " + removed + ", changed " + changed + "; applied " + applied()
        + (restartNeeded() ? "; needs a restart (running values stay until then) " + needsRestart() : "");
  }
}
