package dev.switchboard.upstream.builtin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the path options of built-in server entries ({@code "vault"}, {@code "roots"}, {@code "rules"}). Stateless. */
public final class BuiltinOptions {
  private BuiltinOptions() {}

  /** A path as written in the config: {@code ~} expanded, made absolute and normalized. */
  public static Path path(String path) {
    String home = System.getProperty("user.home");
    String expanded = path.equals("~") || path.startsWith("~/") ? home + path.substring(1) : path;
    return Path.of(expanded).toAbsolutePath().normalize();
  }

  /**
   * A string or list of strings as paths (see {@link #path}); empty when missing or null. Throws
   * {@link IllegalArgumentException} for a list holding anything but strings.
   */
  public static List<Path> paths(JsonNode value) {
    List<Path> out = new ArrayList<>();
    if (value.isString()) {
      out.add(path(value.asString()));
    }
    for (JsonNode item : value.isArray() ? value : List.<JsonNode>of()) {
      if (!item.isString()) {
        throw new IllegalArgumentException("expected only strings in a list of paths, got " + item);
      }
      out.add(path(item.asString()));
    }
    return out;
  }

  /**
   * Adds to {@code out} what is wrong with option {@code key} holding {@code value}, a path or list of paths that
   * must name existing folders ({@code folders}) or files. A missing or null value is fine.
   */
  public static void checkPaths(JsonNode value, String key, boolean folders, List<String> out) {
    if (value.isMissingNode() || value.isNull()) {
      return;
    }
    if (!(value.isString() || value.isArray())) {
      out.add("\"" + key + "\" must be a list of paths");
      return;
    }
    try {
      for (Path path : paths(value)) {
        if (folders ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
          out.add("\"" + key + "\" names " + path + ", which is not an existing " + (folders ? "folder" : "file"));
        }
      }
    } catch (IllegalArgumentException e) {
      out.add("\"" + key + "\": " + e.getMessage());
    }
  }
}
