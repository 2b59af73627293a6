package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Language;
import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Insecure transport: cleartext http:// and ws:// endpoints (localhost and documentation hosts excepted), disabled
 * certificate or host name verification, and obsolete TLS versions. Stateless.
 */
public final class TransportRules {
  static final String SET = "transport";
  private static final String DESCRIPTION = "Insecure transport: cleartext http:// endpoints, disabled TLS "
      + "verification, obsolete TLS versions";
  private static final Language[] NOT_PROSE = {Language.JAVA, Language.KOTLIN, Language.JAVASCRIPT,
      Language.TYPESCRIPT, Language.PYTHON, Language.GO, Language.RUBY, Language.PHP, Language.CSHARP, Language.C,
      Language.CPP, Language.RUST, Language.SWIFT, Language.SCALA, Language.SHELL, Language.SQL, Language.YAML,
      Language.TOML, Language.TERRAFORM, Language.JSON, Language.XML, Language.PROPERTIES, Language.DOCKERFILE};

  private TransportRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(httpUrl(), tlsVerificationDisabled(), oldTlsVersion()));
  }

  private static Rule httpUrl() {
    return rule("transport/http-url").severity(Severity.MEDIUM)
        .languages(NOT_PROSE)
        .regex("\\b(?:http|ws)://(?!localhost\\b|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b|0\\.0\\.0\\.0\\b|\\[::1\\]|"
            + "[\\w.-]+\\.(?:local|localhost|test|example|invalid|internal)\\b|(?:www\\.)?example\\.(?:com|org|net)\\"
            + "b|(?:www\\.)?w3\\.org\\b|schemas\\.|xmlns\\.|purl\\.org\\b|json-schema\\.org\\b|maven\\.apache\\.org\\"
            + "b|(?:www\\.)?xml\\.org\\b|host\\.docker\\.internal\\b)")
        .unless("(?i)xmlns|<!DOCTYPE|namespace|schemaLocation")
        .message("An endpoint is reached over cleartext http:// or ws://, so traffic can be read and altered in "
            + "transit.")
        .fix("Use https:// (or wss://); keep plain http only for localhost.")
        .bad("api.js", "const API = \"http://api.acme.io/v1\";")
        .bad("settings.py", "PAYMENTS_URL = \"http://payments.acme.com/charge\"")
        .good("api.js", "const API = \"https://api.acme.io/v1\";")
        .good("settings.py", "DEV_SERVER = \"http://localhost:8080\"")
        .good("api.js", "// spec: http://api.acme.io/docs\nconst API = \"https://api.acme.io/v1\";")
        .build(SET);
  }

  private static Rule tlsVerificationDisabled() {
    return rule("transport/tls-verification-disabled").severity(Severity.HIGH)
        .regex("\\bverify\\s*=\\s*False\\b|\\bssl\\._create_unverified_context\\b|\\bcert_reqs\\s*=\\s*(?:ssl\\.)?CE"
            + "RT_NONE\\b|\\bcheck_hostname\\s*=\\s*False\\b|\\bInsecureSkipVerify\\s*:\\s*true\\b|\\brejectUnauthori"
            + "zed\\s*:\\s*false\\b|NODE_TLS_REJECT_UNAUTHORIZED[\"']?\\]?\\s*=\\s*[\"']?0\\b|\\bNoopHostnameVerifier"
            + "\\b|\\bALLOW_ALL_HOSTNAME_VERIFIER\\b|\\bTrustAllStrategy\\b|\\bTrustSelfSignedStrategy\\b|\\bsetHostn"
            + "ameVerifier\\s*\\(\\s*\\(\\s*\\w*\\s*,\\s*\\w*\\s*\\)\\s*->\\s*true|\\bcheckServerTrusted\\s*\\([^)]*"
            + "\\)\\s*(?:throws\\s+[\\w.]+\\s*)?\\{\\s*\\}|\\bcurl\\b[^\\n]*\\s(?:-k|--insecure)\\b|\\bwget\\b[^\\n]*"
            + "\\s--no-check-certificate\\b")
        .message("TLS certificate or host name verification is turned off, so any server can impersonate the real "
            + "one.")
        .fix("Keep verification on; to trust a private CA, add it to the trust store (verify=\"/path/ca.pem\", RootC"
            + "As, ca:).")
        .bad("client.py", "resp = requests.get(url, verify=False)")
        .bad("client.go", "tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}")
        .bad("client.js", "const agent = new https.Agent({ rejectUnauthorized: false });")
        .bad("Client.java", "builder.setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE);")
        .bad("fetch.sh", "curl -k https://internal.acme.io/api")
        .good("client.py", "resp = requests.get(url, verify=\"/etc/ssl/certs/acme-ca.pem\")")
        .good("client.go", "cfg := &tls.Config{MinVersion: tls.VersionTLS12}")
        .build(SET);
  }

  private static Rule oldTlsVersion() {
    return rule("transport/old-tls-version").severity(Severity.MEDIUM)
        .regex("SSLContext\\.getInstance\\s*\\(\\s*\"(?:SSL|SSLv2|SSLv3|TLSv1|TLSv1\\.1)\"|\\bssl\\.PROTOCOL_(?:SSLv"
            + "2|SSLv3|TLSv1|TLSv1_1)\\b|\\bMinVersion\\s*:\\s*tls\\.Version(?:SSL30|TLS10|TLS11)\\b|\\bsecureProtoco"
            + "l\\s*:\\s*[\"'](?:SSLv2|SSLv3|TLSv1|TLSv1_1)_method[\"']|\\bminVersion\\s*:\\s*[\"']TLSv1(?:\\.1)?[\"'"
            + "]")
        .message("An obsolete SSL/TLS version (SSLv3, TLS 1.0 or 1.1) is allowed.")
        .fix("Require TLS 1.2 or newer.")
        .bad("Tls.java", "SSLContext ctx = SSLContext.getInstance(\"TLSv1\");")
        .bad("tls.py", "ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)")
        .good("Tls.java", "SSLContext ctx = SSLContext.getInstance(\"TLSv1.3\");")
        .build(SET);
  }
}
