package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ApiKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/mcp/fixture?api_key=s3cret                | /mcp/fixture?api_key=REDACTED",
      "/mcp?x=1&api_key=s3cret&y=2               | /mcp?x=1&api_key=REDACTED&y=2",
      "/mcp?API_KEY=s3cret                        | /mcp?API_KEY=REDACTED",
      "/mcp?api_key=a&api_key=b                   | /mcp?api_key=REDACTED&api_key=REDACTED",
      "/mcp?api_key=s3cret#frag                   | /mcp?api_key=REDACTED#frag",
      "/mcp?api_key=                              | /mcp?api_key=REDACTED",
      "/mcp/fixture                               | /mcp/fixture",
      "/mcp?key=visible                           | /mcp?key=visible",
      "http://h:1/mcp?api_key=s3cret              | http://h:1/mcp?api_key=REDACTED"})
  void redactsEveryApiKeyValue(String in, String out) {
    assertThat(Audit.redact(in)).isEqualTo(out);
  }

  @Test
  void redactsPercentEncodedNames() {
    assertThat(Audit.redact("/mcp?api%5Fkey=s3cret")).doesNotContain("s3cret");
    assertThat(Audit.redact("/mcp?api%5fkey=s3cret")).doesNotContain("s3cret");
  }

  @Test
  void countsEachKindOfRefusal() {
    Audit audit = new Audit();
    Principal narrow = Principal.of(ApiKey.ofSecret("narrow", "narrow-secret-0123456789", List.of("other")));
    audit.authFailed("127.0.0.1", "/mcp?api_key=x", AuthFailure.UNKNOWN_KEY, "unknown API key");
    audit.authFailed("127.0.0.1", "/mcp", AuthFailure.MISSING, "no API key");
    audit.authFailed("127.0.0.1", "/mcp", AuthFailure.MISSING, "no API key");
    audit.hostOrOriginRefused(true, "127.0.0.1", "/mcp", "Host 'evil' is not allowed");
    audit.hostOrOriginRefused(false, "127.0.0.1", "/mcp", "Origin 'https://evil' is not allowed");
    audit.hostOrOriginRefused(false, "127.0.0.1", "/mcp", "Origin 'https://evil' is not allowed");
    audit.scopeDenied(narrow, "127.0.0.1", "/mcp/fixture", "fixture");
    audit.throttled("127.0.0.1", "/mcp");
    audit.rateLimited(narrow, "127.0.0.1");
    audit.rateLimited(narrow, "127.0.0.1");
    var c = audit.counters();
    assertThat(c.path("authFailures").asLong()).isEqualTo(3);
    assertThat(c.path("hostRefusals").asLong()).isEqualTo(1);
    assertThat(c.path("originRefusals").asLong()).isEqualTo(2);
    assertThat(audit.authFailuresByReason().toString()).isEqualTo("{\"missing\":2,\"query_key_disabled\":0,"
        + "\"unknown_key\":1,\"invalid_token\":0,\"revoked\":0}");
    assertThat(c.path("scopeDenials").asLong()).isEqualTo(1);
    assertThat(c.path("throttled").asLong()).isEqualTo(1);
    assertThat(c.path("rateLimited").asLong()).isEqualTo(2);
  }
}
