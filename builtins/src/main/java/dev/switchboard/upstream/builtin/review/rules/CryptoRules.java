package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Scope;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Weak cryptography: MD5 and SHA-1 (for passwords above all), ECB mode, constant IVs and nonces, and obsolete
 * ciphers. Stateless.
 */
public final class CryptoRules {
  static final String SET = "crypto";
  private static final String DESCRIPTION = "Weak cryptography: MD5/SHA-1 (for passwords above all), ECB mode, const"
      + "ant IVs, obsolete ciphers";

  private CryptoRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(weakPasswordHash(), weakHash(), ecbMode(), hardcodedIv(),
        weakCipher()));
  }

  private static Rule weakPasswordHash() {
    return rule("crypto/weak-password-hash").severity(Severity.HIGH)
        .regex("(?<![a-z0-9])(?:md5|sha-?1)(?![0-9])[^\\n;]{0,80}?(?<![a-z])pass(?:word|wd|phrase)?\\b|(?<![a-z])pas"
            + "s(?:word|wd|phrase)\\w*[^\\n;]{0,80}?(?<![a-z0-9])(?:md5|sha-?1)(?![0-9])", Scope.CODE, true)
        .message("A password is hashed with MD5 or SHA-1, which are fast to brute-force.")
        .fix("Use a password hashing function: Argon2id, scrypt, bcrypt or PBKDF2 with a high work factor.")
        .bad("auth.py", "hashed = hashlib.md5(password.encode()).hexdigest()")
        .bad("Auth.java", "String hash = DigestUtils.sha1Hex(password);")
        .good("auth.py", "hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())")
        .good("files.py", "digest = hashlib.sha256(data).hexdigest()")
        .build(SET);
  }

  private static Rule weakHash() {
    return rule("crypto/weak-hash").severity(Severity.LOW)
        .regex("MessageDigest\\.getInstance\\s*\\(\\s*\"(?:MD2|MD4|MD5|SHA-?1|SHA)\"|\\bhashlib\\.(?:md5|sha1)\\s*\\"
            + "(|\\bhashlib\\.new\\s*\\(\\s*[\"'](?:md5|sha1)[\"']|\\bcreateHash\\s*\\(\\s*[\"'](?:md5|sha1)[\"']|\\b"
            + "(?:md5|sha1)\\.(?:New|Sum)\\s*\\(|DigestUtils\\.(?:md5|sha1?)(?:Hex)?\\s*\\(")
        .unless("usedforsecurity\\s*=\\s*False")
        .message("MD5 or SHA-1 is used; both are broken for collision resistance.")
        .fix("Use SHA-256 or better; for a non-security checksum, say so (Python: usedforsecurity=False).")
        .bad("Checksums.java", "MessageDigest md = MessageDigest.getInstance(\"MD5\");")
        .bad("etag.js", "const etag = crypto.createHash('sha1').update(body).digest('hex');")
        .good("Checksums.java", "MessageDigest md = MessageDigest.getInstance(\"SHA-256\");")
        .good("cache.py", "key = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()")
        .build(SET);
  }

  private static Rule ecbMode() {
    return rule("crypto/ecb-mode").severity(Severity.HIGH)
        .regex("Cipher\\.getInstance\\s*\\(\\s*\"(?:AES|DES|DESede|Blowfish|RC2)(?:/ECB/[^\"]*)?\"\\s*\\)|/ECB/|\\bM"
            + "ODE_ECB\\b|[\"'](?:aes|des|des-ede3?|bf)-(?:128-|192-|256-)?ecb[\"']|\\bNewECB(?:En|De)crypter\\b")
        .message("A block cipher runs in ECB mode (Java's default for \"AES\"), which leaks patterns in the plaintex"
            + "t.")
        .fix("Use an authenticated mode: AES/GCM/NoPadding with a fresh random 12-byte IV per message.")
        .bad("Crypto.java", "Cipher cipher = Cipher.getInstance(\"AES\");")
        .bad("crypto.py", "cipher = AES.new(key, AES.MODE_ECB)")
        .bad("crypto.js", "const cipher = crypto.createCipheriv('aes-128-ecb', key, null);")
        .good("Crypto.java", "Cipher cipher = Cipher.getInstance(\"AES/GCM/NoPadding\");")
        .build(SET);
  }

  private static Rule hardcodedIv() {
    return rule("crypto/hardcoded-iv").severity(Severity.HIGH)
        .regex("new\\s+IvParameterSpec\\s*\\(\\s*(?:new\\s+byte\\s*\\[\\s*\\]\\s*\\{|\"[^\"]*\"\\s*\\.getBytes)|new"
            + "\\s+GCMParameterSpec\\s*\\(\\s*\\d+\\s*,\\s*(?:new\\s+byte\\s*\\[\\s*\\]\\s*\\{|\"[^\"]*\"\\s*\\.getBy"
            + "tes)|(?i:\\b(?:iv|nonce|initiali[sz]ation_?vector)\\b)\\s*(?::=|=|:)\\s*(?:b[\"'][^\"']*[\"']|[\"'][^"
            + "\"']{8,}[\"']|\\[\\]byte\\s*\\(\\s*\"|\\[\\]byte\\s*\\{|new\\s+byte\\s*\\[\\s*\\]\\s*\\{|Buffer\\.from"
            + "\\s*\\(\\s*[\"'`]|bytes\\.fromhex\\s*\\()|\\bcreateCipheriv\\s*\\([^,]+,[^,]+,\\s*(?:[\"'`]|Buffer\\.f"
            + "rom\\s*\\(\\s*[\"'`])|\\bAES\\.new\\s*\\([^)]*MODE_\\w+\\s*,\\s*(?:iv\\s*=\\s*)?b[\"']")
        .message("An initialization vector or nonce is a constant, so equal plaintexts encrypt alike (and GCM breaks"
            + " entirely).")
        .fix("Generate a fresh random IV for every encryption (SecureRandom, os.urandom, crypto.randomBytes) and sto"
            + "re it with the ciphertext.")
        .bad("Crypto.java", "IvParameterSpec iv = new IvParameterSpec(\"0123456789abcdef\".getBytes());")
        .bad("crypto.py", "iv = b\"0123456789abcdef\"")
        .bad("crypto.go", "iv := []byte(\"0123456789abcdef\")")
        .bad("crypto.js", "const cipher = crypto.createCipheriv('aes-256-cbc', key, Buffer.from('0123456789abcdef'))"
            + ";")
        .good("Crypto.java", "byte[] iv = new byte[12];\nrandom.nextBytes(iv);\nGCMParameterSpec spec = new GCMParam"
            + "eterSpec(128, iv);")
        .good("crypto.py", "iv = os.urandom(16)")
        .build(SET);
  }

  private static Rule weakCipher() {
    return rule("crypto/weak-cipher").severity(Severity.MEDIUM)
        .regex("[\"'](?:DES|DESede|TripleDES|RC4|ARCFOUR|RC2|Blowfish)(?:/[^\"']*)?[\"']|\\b(?:DES|DES3|ARC4|ARC2|Bl"
            + "owfish)\\.new\\s*\\(|\\bcreateCipheriv?\\s*\\(\\s*[\"'](?:des|des-ede3?|rc4|rc2|bf|blowfish)(?:-[\\w-]"
            + "+)?[\"']|\\b(?:des|rc4)\\.New(?:Triple)?(?:DES)?Cipher\\s*\\(")
        .message("A weak or obsolete cipher (DES, 3DES, RC4, RC2, Blowfish) is used.")
        .fix("Use AES-GCM or ChaCha20-Poly1305.")
        .bad("Legacy.java", "Cipher c = Cipher.getInstance(\"DESede/CBC/PKCS5Padding\");")
        .bad("legacy.py", "cipher = ARC4.new(key)")
        .bad("legacy.go", "block, err := des.NewCipher(key)")
        .good("Legacy.java", "Cipher c = Cipher.getInstance(\"AES/GCM/NoPadding\");")
        .good("legacy.py", "description = \"Describes the cipher suite\"")
        .build(SET);
  }
}
