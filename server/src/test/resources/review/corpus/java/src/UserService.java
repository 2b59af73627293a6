package com.acme.users;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/** A deliberately flawed service for the review corpus. */
public class UserService {
  private static final String API_KEY = "k3y-9f8e7d6c5b4a";
  private static final String BASE_URL = "http://billing.acme.io/api";
  private static final String DOCS = "https://docs.acme.io"; // see http://old-docs.acme.io for history

  private final Connection conn;

  public UserService(Connection conn) {
    this.conn = conn;
  }

  public void find(String name) throws Exception {
    String sql = "SELECT id, email FROM users WHERE name = '" + name + "'";
    conn.createStatement().executeQuery(sql);
  }

  public void findSafely(String name) throws Exception {
    PreparedStatement ps = conn.prepareStatement("SELECT id, email FROM users WHERE name = ?");
    ps.setString(1, name);
  }

  public String hash(String password) throws Exception {
    MessageDigest md = MessageDigest.getInstance("MD5");
    return new String(md.digest(password.getBytes()));
  }

  public byte[] encrypt(byte[] key, byte[] data) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    IvParameterSpec iv = new IvParameterSpec("0000000000000000".getBytes());
    return cipher.doFinal(data);
  }

  public Cipher legacyCipher() throws Exception {
    return Cipher.getInstance("AES");
  }

  public boolean isAdmin(String role) {
    return role == "admin";
  }

  public BigDecimal rate() {
    return new BigDecimal(0.07);
  }

  public void cleanup(java.nio.file.Path tmp) {
    try {
      java.nio.file.Files.delete(tmp);
    } catch (java.io.IOException e) {}
  }

  public void ping(String host) throws Exception {
    Runtime.getRuntime().exec("ping -c 1 " + host); // review:ignore[injection/shell-java] host is validated above
  }
}
