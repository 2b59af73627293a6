package dev.switchboard.gateway.group;

import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One merged list of a group, in member order: every item under the name (or URI) its clients see, with its origin
 * in {@code _meta}, and the way back from that name to the member and the original. Names are decided on the whole
 * list before filtering, so a filter never renames a tool, and a name two items would share is never used: each of
 * them gets its hashed form. Immutable.
 */
public final class Catalog {
  /** The {@code _meta} key naming an item's member server and original name or URI. */
  public static final String ORIGIN = "dev.switchboard/origin";

  /** One member's items as it listed them. */
  public record Items(String member, List<ObjectNode> items) {
    public Items {
      items = List.copyOf(items);
    }
  }

  /** Where a visible item comes from. */
  public record Entry(String member, String original, ObjectNode item) {}

  private final ListKind kind;
  private final List<ObjectNode> items;
  private final Map<String, Entry> byExposed;
  private final Map<String, String> exposedByOrigin;

  private Catalog(ListKind kind, List<ObjectNode> items, Map<String, Entry> byExposed,
      Map<String, String> exposedByOrigin) {
    this.kind = kind;
    this.items = List.copyOf(items);
    this.byExposed = Map.copyOf(byExposed);
    this.exposedByOrigin = Map.copyOf(exposedByOrigin);
  }

  /** Merges members' lists; {@code visible} decides on the exposed name which items clients may see and use. */
  public static Catalog merge(ListKind kind, List<Items> members, Predicate<String> visible) {
    Map<String, Integer> claims = new HashMap<>();
    List<Entry> originals = new ArrayList<>();
    for (Items m : members) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (ObjectNode item : m.items()) {
        String original = item.path(kind.key()).asString("");
        if (!original.isEmpty() && seen.add(original)) { // a member listing one name twice: the first counts
          originals.add(new Entry(m.member(), original, item));
          claims.merge(plainOf(kind, m.member(), original), 1, Integer::sum);
        }
      }
    }
    return build(kind, originals, claims, visible);
  }

  private static Catalog build(ListKind kind, List<Entry> originals, Map<String, Integer> claims,
      Predicate<String> visible) {
    List<ObjectNode> items = new ArrayList<>();
    Map<String, Entry> byExposed = new LinkedHashMap<>();
    Map<String, String> byOrigin = new HashMap<>();
    java.util.Set<String> taken = new java.util.HashSet<>(); // hidden items' names too: a filter renames nothing
    for (Entry e : originals) {
      String plain = plainOf(kind, e.member(), e.original());
      String exposed = unique(claims.getOrDefault(plain, 0) == 1 ? plain : shared(kind, e.member(), e.original()),
          taken);
      taken.add(exposed);
      byOrigin.put(originKey(e.member(), e.original()), exposed);
      if (!kind.named() || visible.test(exposed)) {
        ObjectNode item = exposedItem(kind, e, exposed);
        byExposed.put(exposed, new Entry(e.member(), e.original(), item));
        items.add(item);
      }
    }
    return new Catalog(kind, items, byExposed, byOrigin);
  }

  /** The name or URI an item gets when no other item wants it. */
  private static String plainOf(ListKind kind, String member, String original) {
    return kind.named() ? Names.exposed(member, original) : original;
  }

  /** The form for an item whose plain name another item also wants. */
  private static String shared(ListKind kind, String member, String original) {
    return kind.named() ? Names.hashed(member, original) : MemberUris.prefixed(member, original);
  }

  /** A hash collision on top of a name collision is all but impossible; even then no name is used twice. */
  private static String unique(String name, java.util.Set<String> taken) {
    String candidate = name;
    for (int n = 2; taken.contains(candidate); n++) {
      String suffix = "_" + n;
      candidate = name.substring(0, Math.min(name.length(), Names.MAX - suffix.length())) + suffix;
    }
    return candidate;
  }

  private static ObjectNode exposedItem(ListKind kind, Entry e, String exposed) {
    ObjectNode item = Json.object();
    item.setAll(e.item());
    item.put(kind.key(), exposed);
    ObjectNode meta = Json.object();
    if (e.item().get("_meta") instanceof ObjectNode own) {
      meta.setAll(own);
    }
    meta.putObject(ORIGIN).put("server", e.member()).put(kind.key(), e.original());
    item.set("_meta", meta);
    return item;
  }

  private static String originKey(String member, String original) {
    return member + "\u0000" + original;
  }

  public ListKind kind() {
    return kind;
  }

  /** The visible items, in member order. */
  public List<ObjectNode> items() {
    return items;
  }

  /**
   * The visible items' exposed names (or URIs), in order, folded into one number: two catalogs with the same number
   * page alike, so a cursor can carry it where there is no generation to count (a request without a session).
   */
  public long fingerprint() {
    long h = 1_125_899_906_842_597L;
    for (ObjectNode item : items) {
      h = 31 * h + item.path(kind.key()).asString("").hashCode();
    }
    return h;
  }

  /** The visible item clients know by {@code exposed}; empty for an unknown or hidden one. */
  public Optional<Entry> find(String exposed) {
    return Optional.ofNullable(byExposed.get(exposed));
  }

  /** What clients call a member's item (e.g. to rewrite a {@code resources/updated} URI). */
  public Optional<String> exposedFor(String member, String original) {
    return Optional.ofNullable(exposedByOrigin.get(originKey(member, original)));
  }

  /** The page of {@code size} items from {@code offset}. */
  public List<JsonNode> page(int offset, int size) {
    return List.copyOf(items.subList(Math.min(offset, items.size()), Math.min(items.size(), offset + size)));
  }
}
