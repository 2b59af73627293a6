package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.Programs;
import dev.switchboard.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The optional HTTPS listener, from a PKCS#12 key store or a PEM certificate + PKCS#8 key, with a self-signed EC
 * certificate made in the test by the JDK's keytool (and openssl for the PEM key, when present).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsIT {
  private static final String PASSWORD = "test-store-password";

  @TempDir
  static Path dir;

  private static Path keyStore;
  private static Path certificate;
  private static SSLContext trusting;

  @BeforeAll
  static void makeCertificate() throws Exception {
    keyStore = dir.resolve("gateway.p12");
    certificate = dir.resolve("gateway.crt");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-alias", "switchboard", "-keyalg", "EC", "-groupname", "secp256r1", "-storetype",
        "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-dname",
        "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2");
    run(keytool, "-exportcert", "-rfc", "-alias", "switchboard", "-keystore", keyStore.toString(), "-storepass",
        PASSWORD, "-file", certificate.toString());
    trusting = trusting(certificate);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
      trust.setCertificateEntry("gateway", c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private static TestGateway gateway(Consumer<ObjectNode> tls) throws Exception {
    return SecureHttp.gateway(gw -> tls.accept(gw.putObject("tls")));
  }

  private static void assertServesHttps(TestGateway gateway) throws Exception {
    assertThat(gateway.daemon().url()).startsWith("https://");
    Client https = new Client("https://127.0.0.1:" + gateway.port(), trusting);
    Reply health = https.health(null);
    assertThat(health.status()).as(health.describe()).isEqualTo(200);
    String session = https.open("/mcp/fixture", ALICE);
    https.assertEchoes("/mcp/fixture", ALICE, session, "over tls");
    Reply anonymous = https.post("/mcp/fixture", null, SecureHttp.initialize(1));
    assertThat(anonymous.status()).isEqualTo(401); // TLS does not replace keys
    // a client that does not trust the certificate cannot talk to it, and plain HTTP is not served
    assertThatThrownBy(() -> new Client("https://127.0.0.1:" + gateway.port()).health(null))
        .isInstanceOf(IOException.class);
    try {
      Reply plain = new Client("http://127.0.0.1:" + gateway.port()).health(null);
      assertThat(plain.status()).as(plain.describe()).isNotEqualTo(200);
    } catch (IOException expected) {
      // the TLS listener hung up on plain HTTP
    }
  }

  @Test
  void pkcs12KeyStore() throws Exception {
    try (TestGateway gateway = gateway(tls -> tls.put("keyStore", keyStore.toString())
        .put("keyStorePassword", PASSWORD))) {
      assertServesHttps(gateway);
    }
  }

  @Test
  void pemCertificateAndPkcs8Key() throws Exception {
    Path key = pemKey("gateway.key", false);
    try (TestGateway gateway = gateway(tls -> tls.put("certificate", certificate.toString())
        .put("privateKey", key.toString()))) {
      assertServesHttps(gateway);
    }
  }

  /** {@code openssl pkcs12 -nocerts -nodes} writes "Bag Attributes" text before the PEM block (RFC 7468 allows it). */
  @Test
  void pemKeyWithExplanatoryTextAroundTheBlock() throws Exception {
    Path key = pemKey("bagged.key", true);
    try (TestGateway gateway = gateway(tls -> tls.put("certificate", certificate.toString())
        .put("privateKey", key.toString()))) {
      assertServesHttps(gateway);
    }
  }

  @Test
  void aSec1KeyFailsStartUpSayingHowToConvertIt() throws Exception {
    Path pkcs8 = pemKey("for-sec1.key", false);
    Path sec1 = dir.resolve("sec1.key");
    run("openssl", "ec", "-in", pkcs8.toString(), "-out", sec1.toString());
    assertThat(Files.readString(sec1)).contains("BEGIN EC PRIVATE KEY");
    assertThatThrownBy(() -> gateway(tls -> tls.put("certificate", certificate.toString())
        .put("privateKey", sec1.toString())).close()).hasStackTraceContaining("PKCS#8")
        .hasStackTraceContaining("openssl pkcs8");
  }

  @Test
  void aWrongKeyStorePasswordFailsStartUp() {
    assertThatThrownBy(() -> gateway(tls -> tls.put("keyStore", keyStore.toString())
        .put("keyStorePassword", "not-the-password")).close()).isInstanceOf(Exception.class);
  }

  @Test
  void aMissingCertificateFileFailsStartUpNamingIt() {
    Path missing = dir.resolve("missing.crt");
    assertThatThrownBy(() -> gateway(tls -> tls.put("certificate", missing.toString())
        .put("privateKey", missing.toString())).close()).hasStackTraceContaining("missing.crt");
  }

  /** The private key as PEM, via openssl (skipped without it): clean PKCS#8, or as openssl pkcs12 writes it. */
  private static Path pemKey(String name, boolean withBagAttributes) throws Exception {
    Assumptions.assumeTrue(Programs.onPath("openssl").isPresent(), "openssl is not on PATH");
    Path bagged = dir.resolve(name + ".bag");
    run("openssl", "pkcs12", "-in", keyStore.toString(), "-nocerts", "-nodes", "-passin", "pass:" + PASSWORD,
        "-out", bagged.toString());
    Path out = dir.resolve(name);
    if (withBagAttributes) {
      Files.copy(bagged, out);
      assertThat(Files.readString(out)).contains("Bag Attributes").contains("BEGIN PRIVATE KEY");
    } else {
      run("openssl", "pkey", "-in", bagged.toString(), "-out", out.toString());
      assertThat(Files.readString(out)).startsWith("-----BEGIN PRIVATE KEY-----");
    }
    return out;
  }
}
