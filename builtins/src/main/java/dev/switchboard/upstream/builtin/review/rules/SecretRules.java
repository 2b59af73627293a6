package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Language;
import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Scope;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Credentials committed to code: private keys, cloud and service tokens, passwords in assignments, configuration
 * and URLs. These rules read comments too, and their excerpts hide the matched secret. Stateless.
 */
public final class SecretRules {
  static final String SET = "secrets";
  private static final String DESCRIPTION = "Credentials committed to code: private keys, cloud and service tokens, "
      + "passwords in assignments, configuration and URLs";
  private static final Language[] CODE = {Language.JAVA, Language.KOTLIN, Language.JAVASCRIPT, Language.TYPESCRIPT,
      Language.PYTHON, Language.GO, Language.RUBY, Language.PHP, Language.CSHARP, Language.C, Language.CPP,
      Language.RUST, Language.SWIFT, Language.SCALA};
  private static final Language[] CONFIG = {Language.PROPERTIES, Language.YAML, Language.SHELL, Language.DOCKERFILE,
      Language.TOML, Language.TERRAFORM};
  private static final String ROTATE = "Remove it from the code, rotate it, and read it from the environment or a "
      + "secret manager at run time.";

  private SecretRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(privateKey(), awsAccessKeyId(), awsSecretAccessKey(),
        githubToken(), slackToken(), stripeLiveKey(), googleApiKey(), jwt(), passwordAssignment(), passwordInConfig(),
        credentialsInUrl()));
  }

  private static Rule privateKey() {
    return rule("secrets/private-key").severity(Severity.CRITICAL)
        .regex("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", Scope.TEXT, false)
        .message("A private key is committed to the source.")
        .fix("Remove it, revoke and replace the key, and load keys from a secret store or a file outside the "
            + "repository.")
        .bad("deploy/server.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE "
            + "KEY-----\n")
        .bad("Keys.java", "String key = \"-----BEGIN OPENSSH PRIVATE KEY-----\";")
        .good("deploy/cert.pem", "-----BEGIN CERTIFICATE-----\nMIIBszCCAV2gAwIBAgI\n-----END CERTIFICATE-----\n")
        .good("deploy/public.pem", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQY\n-----END PUBLIC KEY-----\n")
        .build(SET);
  }

  private static Rule awsAccessKeyId() {
    return rule("secrets/aws-access-key-id").severity(Severity.HIGH)
        .regex("(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}(?![A-Z0-9])", Scope.TEXT, false)
        .unless("EXAMPLE")
        .redact()
        .message("An AWS access key ID is committed to the source.")
        .fix(ROTATE)
        .bad("config.py", "AWS_ACCESS_KEY_ID = \"AKIAQWERTYUIOPASDFGH\"")
        .good("config.py", "AWS_ACCESS_KEY_ID = \"AKIAIOSFODNN7EXAMPLE\"  # the documentation's sample key")
        .good("config.py", "AWS_ACCESS_KEY_ID = os.environ[\"AWS_ACCESS_KEY_ID\"]")
        .build(SET);
  }

  private static Rule awsSecretAccessKey() {
    return rule("secrets/aws-secret-access-key").severity(Severity.CRITICAL)
        .regex("aws[\\w.-]{0,30}?(?:secret|private)[\\w.-]{0,30}[\"']?\\s*(?:=|:=|:|=>)\\s*[\"']?[A-Za-z0-9/+=]{40}("
            + "?![A-Za-z0-9/+=])", Scope.TEXT, true)
        .unless("EXAMPLEKEY")
        .redact()
        .message("An AWS secret access key is committed to the source.")
        .fix(ROTATE)
        .bad("settings.py", "aws_secret_access_key = \"PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+\"")
        .good("settings.py", "aws_secret_access_key = os.environ[\"AWS_SECRET_ACCESS_KEY\"]")
        .build(SET);
  }

  private static Rule githubToken() {
    return rule("secrets/github-token").severity(Severity.HIGH)
        .regex("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b|\\bgithub_pat_[A-Za-z0-9_]{22,255}\\b", Scope.TEXT,
            false)
        .redact()
        .message("A GitHub token is committed to the source.")
        .fix(ROTATE)
        .bad("release.sh", "export GITHUB_TOKEN=ghp_RIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj")
        .good("release.sh", "export GITHUB_TOKEN=\"$(cat /run/secrets/github)\"")
        .build(SET);
  }

  private static Rule slackToken() {
    return rule("secrets/slack-token").severity(Severity.HIGH)
        .regex("\\bxox[abposr]-[0-9A-Za-z-]{10,}|https://hooks\\.slack\\.com/services/T[0-9A-Z]{6,}/B[0-9A-Z]{6,}/[0"
            + "-9A-Za-z]{20,}", Scope.TEXT, false)
        .redact()
        .message("A Slack token or webhook URL is committed to the source.")
        .fix(ROTATE)
        .bad(".env", "SLACK_BOT_TOKEN=xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp")
        .good(".env", "SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN}")
        .build(SET);
  }

  private static Rule stripeLiveKey() {
    return rule("secrets/stripe-live-key").severity(Severity.CRITICAL)
        .regex("\\b[sr]k_live_[0-9A-Za-z]{20,}\\b", Scope.TEXT, false)
        .redact()
        .message("A live Stripe secret key is committed to the source.")
        .fix(ROTATE)
        .bad("billing.js", "const stripe = require('stripe')('sk_live_7FAc9QeWJKY40uvSwMFLZDe1');")
        .good("billing.js", "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);")
        .good("billing.test.js", "const key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';")
        .build(SET);
  }

  private static Rule googleApiKey() {
    return rule("secrets/google-api-key").severity(Severity.HIGH)
        .regex("\\bAIza[0-9A-Za-z_\\-]{35}(?![0-9A-Za-z_\\-])", Scope.TEXT, false)
        .redact()
        .message("A Google API key is committed to the source.")
        .fix(ROTATE)
        .bad("maps.ts", "const MAPS_KEY = \"AIzaf8rESQedUStPKR0CsTy4Qwb8DwkNhFdnXsi\";")
        .good("maps.ts", "const MAPS_KEY = import.meta.env.VITE_MAPS_KEY;")
        .build(SET);
  }

  private static Rule jwt() {
    return rule("secrets/jwt").severity(Severity.MEDIUM)
        .regex("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", Scope.TEXT, false)
        .redact()
        .message("A JSON Web Token is committed to the source; it may still be valid.")
        .fix("Remove it; tests should mint short-lived tokens with a test key.")
        .bad("api_test.py", "TOKEN = "
            + "\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.FYY-kv5ZJr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9Zh\"")
        .good("api.py", "token = request.headers[\"Authorization\"].removeprefix(\"Bearer \")")
        .build(SET);
  }

  private static Rule passwordAssignment() {
    return rule("secrets/password-assignment").severity(Severity.HIGH)
        .languages(CODE)
        .regex("(?:password|passwd|pwd|passphrase|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secr"
            + "et|private[_-]?key)\\w*[\"'\\]]?\\s*(?:=|:=|:|=>)\\s*[bfr]?[\"'`]([^\"'`\\s]{4,})[\"'`]", Scope.TEXT,
            true)
        .unless("(?i)(?:=|:)\\s*[bfr]?[\"'`](?:[^\"'`]*(?:changeme|change_me|example|placeholder|dummy|redacted|xxxx"
            + "|\\*\\*\\*|your[_-])[^\"'`]*|<[^>]+>|\\$\\{[^}]*\\}|\\{\\{[^}]*\\}\\}|%s|[a-z_]+(?:\\.[a-z_]+)+)[\"'`]")
        .redact()
        .message("A password or secret is assigned a literal value.")
        .fix(ROTATE)
        .bad("settings.py", "DB_PASSWORD = \"hunter2!x\"")
        .bad("Client.java", "private static final String API_KEY = \"a1b2c3d4e5f6\";")
        .bad("db.go", "dbPassword := \"Tr0ub4dor&3\"")
        .good("settings.py", "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]")
        .good("settings.py", "DB_PASSWORD = \"changeme\"  # replaced at deploy time")
        .good("form.ts", "const passwordLabel = \"Enter your password\";")
        .build(SET);
  }

  private static Rule passwordInConfig() {
    return rule("secrets/password-in-config").severity(Severity.HIGH)
        .languages(CONFIG)
        .regex("^\\s*(?:export\\s+|ENV\\s+|ARG\\s+)?[\\w.\\-]*(?:password|passwd|pwd|secret|token|api[_-]?key|privat"
            + "e[_-]?key|client[_-]?secret)[\\w.\\-]*\\s*[:=]\\s*[\"']?[^\\s\"'#$]{4,}", Scope.TEXT, true)
        .unless("(?i)[:=]\\s*[\"']?(?:changeme|change_me|example|placeholder|dummy|redacted|xxxx\\w*|\\*+|none|null|"
            + "true|false|\\{\\{.*|<[^>]*>|%\\(.*|\\d+[smhd]?)[\"']?\\s*(?:#.*)?$")
        .redact()
        .message("A password or token is set in a configuration file.")
        .fix("Keep secrets out of committed configuration: reference an environment variable (${DB_PASSWORD}) or a s"
            + "ecret manager.")
        .bad(".env", "DB_PASSWORD=s3cr3tP4ss")
        .bad("application.yml", "spring:\n  datasource:\n    password: Sup3rS3cret\n")
        .good(".env", "DB_PASSWORD=${DB_PASSWORD}")
        .good("application.yml", "session:\n  token-ttl: 3600\n")
        .build(SET);
  }

  private static Rule credentialsInUrl() {
    return rule("secrets/credentials-in-url").severity(Severity.HIGH)
        .regex("\\b[a-zA-Z][a-zA-Z0-9+.\\-]*://[^\\s/:@'\"<>]+:[^\\s/@'\"<>]{3,}@[\\w.\\-]+", Scope.TEXT, false)
        .unless("(?i)://[^:/\\s]*:(?:\\$\\{[^}]*\\}|\\{\\{[^}]*\\}\\}|<[^>]*>|\\*+|password|pass|changeme|xxx+|%s|\\"
            + "$[A-Z_]+)@")
        .redact()
        .message("A URL carries a user name and password.")
        .fix("Take the password out of the URL and supply it from the environment or a secret manager.")
        .bad("docker-compose.yml", "DATABASE_URL: postgres://app:Tr0ub4dor@db.internal:5432/app")
        .good("docker-compose.yml", "DATABASE_URL: postgres://app:${DB_PASSWORD}@db.internal:5432/app")
        .good("README.md", "Clone with git clone https://github.com/acme/app.git")
        .build(SET);
  }
}
