package dev.switchboard.upstream.builtin.notes;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Tag handling shared by parsing, search and listing: tags are compared without {@code #} and without case, and a
 * filter on {@code a} also matches nested tags such as {@code a/b}, as in Obsidian. Stateless.
 */
final class Tags {
  private Tags() {}

  static String normalize(String tag) {
    String bare = tag.strip();
    while (bare.startsWith("#")) {
      bare = bare.substring(1);
    }
    return bare;
  }

  static String key(String tag) {
    return normalize(tag).toLowerCase(Locale.ROOT);
  }

  /** Adds {@code tag} unless the list already has it in any case. */
  static void addUnique(List<String> tags, String tag) {
    String key = key(tag);
    if (!key.isEmpty() && tags.stream().noneMatch(t -> key(t).equals(key))) {
      tags.add(normalize(tag));
    }
  }

  /** Whether {@code tags} has {@code wanted} or a tag nested under it. */
  static boolean matches(List<String> tags, String wanted) {
    String key = key(wanted);
    return tags.stream().map(Tags::key).anyMatch(t -> t.equals(key) || t.startsWith(key + "/"));
  }

  /** Tags from frontmatter: {@code tags} or {@code tag}, as a list or a comma- or space-separated string. */
  static void fromFrontmatter(JsonNode frontmatter, List<String> into) {
    for (String key : List.of("tags", "tag", "Tags", "Tag")) {
      JsonNode value = frontmatter.get(key);
      if (value == null) {
        continue;
      }
      if (value.isArray()) {
        for (JsonNode item : value) {
          if (item.isString() || item.isNumber()) {
            addUnique(into, item.isString() ? item.asString() : item.toString());
          }
        }
      } else if (value.isString()) {
        for (String part : value.asString().split("[,\\s]+")) {
          addUnique(into, part);
        }
      }
    }
  }
}
