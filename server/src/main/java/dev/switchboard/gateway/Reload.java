package dev.switchboard.gateway;

import dev.switchboard.config.Config;
import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/** What a configuration reload changed, by server name, and whether listener settings need a restart. */
public record Reload(List<String> added, List<String> removed, List<String> changed, List<String> unchanged,
    boolean restartNeeded) {

  static Reload between(Config before, Config after) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    after.servers().forEach((name, spec) -> {
      var old = before.servers().get(name);
      (old == null ? added : old.equals(spec) ? unchanged : changed).add(name);
    });
    before.servers().keySet().stream().filter(n -> !after.servers().containsKey(n)).forEach(removed::add);
    var b = before.gateway();
    var a = after.gateway();
    // keys, scopes, CORS and allow-lists apply at once; the listener itself (address, TLS) needs a restart
    boolean restart = !Objects.equals(b.host(), a.host()) || b.port() != a.port()
        || !Objects.equals(b.security().tls(), a.security().tls());
    return new Reload(List.copyOf(added), List.copyOf(removed), List.copyOf(changed), List.copyOf(unchanged),
        restart);
  }

  /** Servers whose sessions must end: removed ones and changed ones. */
  public List<String> retired() {
    List<String> out = new ArrayList<>(removed);
    out.addAll(changed);
    return out;
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    added.forEach(node.putArray("added")::add);
    removed.forEach(node.putArray("removed")::add);
    changed.forEach(node.putArray("changed")::add);
    unchanged.forEach(node.putArray("unchanged")::add);
    return node.put("restartNeeded", restartNeeded);
  }

  @Override
  public String toString() {
    return "added " + added + ", removed " + removed + ", changed " + changed + (restartNeeded
        ? " (host, port and TLS changes take effect after a restart)" : "");
  }
}
