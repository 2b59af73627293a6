package dev.switchboard.gateway.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CatalogTest {
  @Test
  void toolsArePrefixedInMemberOrderWithTheirOriginInMeta() {
    Catalog c = Catalog.merge(ListKind.TOOLS, List.of(items("github", "create_issue", "search"),
        items("fs", "search")), n -> true);
    assertThat(names(c)).containsExactly("github__create_issue", "github__search", "fs__search");
    assertThat(c.items().get(2).at("/_meta/dev.switchboard~1origin/server").asString()).isEqualTo("fs");
    assertThat(c.items().get(2).at("/_meta/dev.switchboard~1origin/name").asString()).isEqualTo("search");
    assertThat(c.find("fs__search").orElseThrow().original()).isEqualTo("search");
    assertThat(c.find("fs__search").orElseThrow().member()).isEqualTo("fs");
  }

  @Test
  void twoToolsWantingOneNameBothGetHashedNames() {
    // "a" + "b__c" and "a__b" + "c" both read "a__b__c"
    Catalog c = Catalog.merge(ListKind.TOOLS, List.of(items("a", "b__c"), items("a__b", "c")), n -> true);
    assertThat(names(c)).doesNotContain("a__b__c").doesNotHaveDuplicates().hasSize(2)
        .allSatisfy(n -> assertThat(n).startsWith("a__b__c_"));
    assertThat(c.find(names(c).get(0)).orElseThrow().member()).isEqualTo("a");
    assertThat(c.find(names(c).get(1)).orElseThrow().member()).isEqualTo("a__b");
  }

  @Test
  void aMemberListingOneToolTwiceCountsOnce() {
    Catalog c = Catalog.merge(ListKind.TOOLS, List.of(items("m", "x", "x")), n -> true);
    assertThat(names(c)).containsExactly("m__x");
  }

  @Test
  void hiddenToolsAreNeitherListedNorFoundAndRenameNothing() {
    List<Catalog.Items> members = List.of(items("a", "b__c", "keep"), items("a__b", "c"));
    Catalog all = Catalog.merge(ListKind.TOOLS, members, n -> true);
    Catalog filtered = Catalog.merge(ListKind.TOOLS, members, n -> !n.equals(names(all).get(0)));
    assertThat(names(filtered)).containsExactly(names(all).get(1), names(all).get(2));
    assertThat(filtered.find(names(all).get(0))).isEmpty();
  }

  @Test
  void uniqueUrisStayAndSharedOnesGetAReversiblePrefix() {
    Catalog c = Catalog.merge(ListKind.RESOURCES, List.of(resources("fs", "file:///a", "test://x"),
        resources("notes", "test://x")), n -> true);
    assertThat(c.items()).extracting(i -> i.path("uri").asString()).containsExactly("file:///a",
        "switchboard-member://fs/test://x", "switchboard-member://notes/test://x");
    assertThat(MemberUris.parse("switchboard-member://notes/test://x")).contains(
        new MemberUris.Origin("notes", "test://x"));
    assertThat(c.exposedFor("notes", "test://x")).contains("switchboard-member://notes/test://x");
    assertThat(c.exposedFor("fs", "file:///a")).contains("file:///a");
  }

  @Test
  void pagesCoverTheListOnce() {
    String[] many = IntStream.range(0, 12).mapToObj(i -> "t" + i).toArray(String[]::new);
    Catalog c = Catalog.merge(ListKind.TOOLS, List.of(items("m", many)), n -> true);
    assertThat(c.page(0, 5)).hasSize(5);
    assertThat(c.page(10, 5)).hasSize(2);
    assertThat(c.page(15, 5)).isEmpty();
  }

  @Test
  void cursorsRoundTripAndForeignOnesAreRefused() {
    var p = new Cursors.Position(7, 200);
    assertThat(Cursors.decode(Cursors.encode(p))).contains(p);
    assertThat(Cursors.decode("not a cursor")).isEmpty();
    assertThat(Cursors.decode("MTIz")).isEmpty();
    assertThat(Cursors.encode(p)).matches("[A-Za-z0-9_-]+");
  }

  private static List<String> names(Catalog c) {
    return c.items().stream().map(i -> i.path("name").asString()).toList();
  }

  private static Catalog.Items items(String member, String... names) {
    return new Catalog.Items(member, java.util.Arrays.stream(names)
        .map(n -> Json.object().put("name", n).put("description", n)).toList());
  }

  private static Catalog.Items resources(String member, String... uris) {
    return new Catalog.Items(member, java.util.Arrays.stream(uris)
        .map(u -> Json.object().put("uri", u).put("name", u)).toList());
  }
}
