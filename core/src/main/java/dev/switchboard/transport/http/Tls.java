package dev.switchboard.transport.http;

import dev.switchboard.config.SecuritySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS listener: from a PKCS#12 (or JKS) key store, or from a PEM certificate chain and a PEM (PKCS#8) private
 * key, which are loaded into an in-memory key store. Problems with the files fail start-up with a clear message.
 */
final class Tls {
  private static final char[] IN_MEMORY = "switchboard".toCharArray();

  private Tls() {}

  static ServerConnector connector(Server server, SecuritySettings.Tls tls, HttpConfiguration http) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    if (tls.keyStore() != null) {
      ssl.setKeyStorePath(tls.keyStore().toString());
      ssl.setKeyStorePassword(tls.keyStorePassword() == null ? "" : tls.keyStorePassword());
    } else {
      // SecurityLoader requires both PEM files when there is no key store
      ssl.setKeyStore(pemKeyStore(Objects.requireNonNull(tls.certificate(), "PEM certificate without a key store"),
          Objects.requireNonNull(tls.privateKey(), "PEM private key without a key store")));
      ssl.setKeyStorePassword(new String(IN_MEMORY));
    }
    // Clients reach a local gateway as localhost or 127.0.0.1, which a certificate rarely names.
    SecureRequestCustomizer customizer = new SecureRequestCustomizer();
    customizer.setSniHostCheck(false);
    HttpConfiguration https = new HttpConfiguration(http);
    https.addCustomizer(customizer);
    return new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
        new HttpConnectionFactory(https));
  }

  static KeyStore pemKeyStore(Path certificate, Path privateKey) {
    try {
      Collection<? extends Certificate> chain;
      try (InputStream in = Files.newInputStream(certificate)) {
        chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + certificate);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("switchboard", key(privateKey), IN_MEMORY, chain.toArray(Certificate[]::new));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot load the TLS certificate " + certificate + " and key " + privateKey
          + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey key(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
      throw new IllegalArgumentException(file + " is a PKCS#1/SEC1 key; convert it to PKCS#8 with "
          + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
    }
    int begin = pem.indexOf("-----BEGIN");
    int end = pem.indexOf("-----END", begin + 1);
    if (begin < 0 || end < 0) {
      throw new IllegalArgumentException(file + " holds no PEM block");
    }
    String block = pem.substring(pem.indexOf('\n', begin) + 1, end); // skip openssl's "Bag Attributes" text
    String base64 = block.replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }
}
