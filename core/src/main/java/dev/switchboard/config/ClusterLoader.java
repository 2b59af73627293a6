package dev.switchboard.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads the top-level {@code cluster} section (see {@link ClusterSettings}); absent means one node alone. */
final class ClusterLoader {
  private static final Set<String> CLUSTER = Set.of("node", "nodes", "advertise", "redis", "heartbeat");
  static final String NODE_ID = "[a-z0-9][a-z0-9-]{0,31}";

  private final Fields f;

  ClusterLoader(Fields fields) {
    this.f = fields;
  }

  ClusterSettings read(JsonNode raw) {
    String path = "$.cluster";
    JsonNode node = f.object(raw, path, CLUSTER);
    if (node.isMissingNode()) {
      return ClusterSettings.SINGLE;
    }
    String id = f.string(node, "node", path);
    id = id == null ? fromHostname() : id;
    if (!id.matches(NODE_ID)) {
      f.problem(path + ".node", "a node id uses lower-case letters, digits and '-' (at most 32, no '.'): \"" + id
          + "\"");
    }
    return new ClusterSettings(true, id, nodes(node, path + ".nodes", id), url(node, "advertise", path, "http"),
        url(node, "redis", path, "redis"), f.duration(node, "heartbeat", path, ClusterSettings.DEFAULT_HEARTBEAT));
  }

  /** The host name's first label, made into a node id (a Kubernetes pod name such as {@code switchboard-0}). */
  static String fromHostname() {
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    if (host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "node";
      }
    }
    String label = host.toLowerCase(Locale.ROOT).split("\\.", 2)[0].replaceAll("[^a-z0-9-]", "-");
    return label.isEmpty() ? "node" : label.substring(0, Math.min(32, label.length()));
  }

  private Map<String, URI> nodes(JsonNode cluster, String path, String self) {
    Map<String, URI> out = new LinkedHashMap<>();
    f.stringMap(cluster, "nodes", path.substring(0, path.lastIndexOf('.'))).forEach((id, url) -> {
      if (!id.matches(NODE_ID)) {
        f.problem(path + "." + id, "a node id uses lower-case letters, digits and '-' (at most 32, no '.')");
      }
      URI uri = parse(url, path + "." + id, "http");
      if (uri != null && !id.equals(self)) {
        out.put(id, uri);
      }
    });
    return out;
  }

  private @Nullable URI url(JsonNode node, String key, String path, String scheme) {
    String raw = f.string(node, key, path);
    return raw == null ? null : parse(raw, path + "." + key, scheme);
  }

  /** A URL whose scheme is {@code scheme} (or its TLS form) with a host; null (and a problem) otherwise. */
  private @Nullable URI parse(String raw, String path, String scheme) {
    try {
      URI uri = new URI(raw.strip());
      if (uri.getHost() != null && (scheme.equals(uri.getScheme()) || (scheme + "s").equals(uri.getScheme()))) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    f.problem(path, "expected a " + scheme + ":// URL with a host, got \"" + raw + "\"");
    return null;
  }
}
