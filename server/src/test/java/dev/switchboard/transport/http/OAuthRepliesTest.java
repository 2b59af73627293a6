package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.OAuthSettings;
import dev.switchboard.config.SecuritySettings;
import dev.switchboard.security.oauth.ResourceServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reload keeps of the resource server: all of it when OAuth is unchanged, else only the counts. */
class OAuthRepliesTest {
  private static SecuritySettings security(Duration cacheTtl) {
    OAuthSettings oauth = new OAuthSettings(List.of("https://as.test"), "https://gw.test", false, null,
        OAuthSettings.ASYMMETRIC, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10),
        OAuthSettings.ScopeRules.NONE, new OAuthSettings.Introspection(URI.create("https://as.test/introspect"),
            null, null, cacheTtl, 100));
    return new SecuritySettings(List.of(), false, 0, 0, 0, List.of(), false, null, false, false, oauth);
  }

  @Test
  void anUnchangedSectionKeepsTheResourceServerAndAChangedOneKeepsItsIntrospectionCounts() {
    ResourceServer first = OAuthReplies.resourceServer(security(Duration.ofSeconds(60)), null);
    assertThat(first).isNotNull();
    assertThat(OAuthReplies.resourceServer(security(Duration.ofSeconds(60)), first)).isSameAs(first);
    ResourceServer changed = OAuthReplies.resourceServer(security(Duration.ofSeconds(5)), first);
    assertThat(changed).isNotNull().isNotSameAs(first);
    assertThat(changed.introspections()).isSameAs(first.introspections());
  }
}
