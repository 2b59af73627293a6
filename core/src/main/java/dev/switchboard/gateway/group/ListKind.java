package dev.switchboard.gateway.group;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The four lists a group merges: the method that lists them, the result member holding the items, the item member
 * that identifies one, and the server capability that says a member has them.
 */
public enum ListKind {
  TOOLS("tools/list", "tools", "name", "tools", "notifications/tools/list_changed"),
  PROMPTS("prompts/list", "prompts", "name", "prompts", "notifications/prompts/list_changed"),
  RESOURCES("resources/list", "resources", "uri", "resources", "notifications/resources/list_changed"),
  TEMPLATES("resources/templates/list", "resourceTemplates", "uriTemplate", "resources",
      "notifications/resources/list_changed");

  private final String method;
  private final String member;
  private final String key;
  private final String capability;
  private final String changed;

  ListKind(String method, String member, String key, String capability, String changed) {
    this.method = method;
    this.member = member;
    this.key = key;
    this.capability = capability;
    this.changed = changed;
  }

  public String method() {
    return method;
  }

  /** The array in the result, e.g. {@code tools}. */
  public String member() {
    return member;
  }

  /** What names an item, e.g. {@code name} or {@code uri}. */
  public String key() {
    return key;
  }

  public String capability() {
    return capability;
  }

  /** The notification a server sends when this list changes. */
  public String changedNotification() {
    return changed;
  }

  /** Named items get {@code server__name}; URIs stay as they are unless two members share one. */
  public boolean named() {
    return this == TOOLS || this == PROMPTS;
  }

  public static Optional<ListKind> ofMethod(String method) {
    return Stream.of(values()).filter(k -> k.method.equals(method)).findFirst();
  }

  /** The kinds a {@code list_changed} notification invalidates. */
  public static Stream<ListKind> changedBy(String notification) {
    return Stream.of(values()).filter(k -> k.changed.equals(notification));
  }
}
