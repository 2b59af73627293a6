package dev.switchboard.cli.setup;

import dev.switchboard.protocol.Json;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP client Switchboard can import from and connect: where its config files live on each OS, which key holds its
 * servers, and the entry that points it at a Switchboard URL. Immutable.
 */
public enum Client {
  CLAUDE_DESKTOP("claude-desktop", "Claude Desktop"),
  CLAUDE_CODE("claude-code", "Claude Code"),
  CURSOR("cursor", "Cursor"),
  VSCODE("vscode", "VS Code");

  private final String id;
  private final String displayName;

  Client(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** The key of the servers object: VS Code says {@code servers}, the others {@code mcpServers}. */
  public String serversKey() {
    return this == VSCODE ? "servers" : "mcpServers";
  }

  /** Every file this client may keep servers in, user file first; they need not exist. */
  public List<Path> configFiles(Platform p) {
    return switch (this) {
      case CLAUDE_DESKTOP -> List.of(desktopConfig(p));
      case CLAUDE_CODE -> List.of(p.home().resolve(".claude.json"), p.cwd().resolve(".mcp.json"));
      case CURSOR -> List.of(p.home().resolve(".cursor/mcp.json"), p.cwd().resolve(".cursor/mcp.json"));
      case VSCODE -> List.of(vscodeUserConfig(p), p.cwd().resolve(".vscode/mcp.json"));
    };
  }

  /**
   * The file {@code connect --write} edits: the project's {@code .mcp.json} for Claude Code (the user-wide place is
   * managed by {@code claude mcp add}), the project's {@code .vscode/mcp.json} for VS Code, the user file otherwise.
   */
  public Path connectFile(Platform p) {
    return switch (this) {
      case CLAUDE_DESKTOP -> desktopConfig(p);
      case CLAUDE_CODE -> p.cwd().resolve(".mcp.json");
      case CURSOR -> p.home().resolve(".cursor/mcp.json");
      case VSCODE -> p.cwd().resolve(".vscode/mcp.json");
    };
  }

  /** The entry that makes this client talk to {@code url}, without a key. */
  public ObjectNode entryFor(String url) {
    return entryFor(url, null);
  }

  /**
   * The entry that makes this client talk to {@code url}, sending {@code apiKey} (when not null) as
   * {@code Authorization: Bearer KEY} on every request.
   */
  public ObjectNode entryFor(String url, @Nullable String apiKey) {
    ObjectNode entry = Json.object();
    switch (this) {
      case CLAUDE_DESKTOP -> {
        // Claude Desktop's JSON config only launches stdio commands; mcp-remote bridges stdio to Streamable HTTP.
        var args = entry.put("command", "npx").putArray("args").add("-y").add("mcp-remote").add(url);
        if (needsAllowHttp(url)) {
          args.add("--allow-http");
        }
        if (apiKey != null) {
          // mcp-remote expands ${VAR} from its environment; a space inside an argument is mangled on Windows
          args.add("--header").add("Authorization:${" + AUTH_ENV + "}");
          entry.putObject("env").put(AUTH_ENV, bearer(apiKey));
        }
      }
      case CLAUDE_CODE, VSCODE -> entry.put("type", "http").put("url", url);
      case CURSOR -> entry.put("url", url);
    }
    if (apiKey != null && this != CLAUDE_DESKTOP) {
      entry.putObject("headers").put("Authorization", bearer(apiKey));
    }
    return entry;
  }

  /**
   * The entry that makes this client launch {@code switchboard bridge SERVER} over stdio; it carries no key, since
   * the bridge authenticates to its own daemon.
   */
  public ObjectNode bridgeEntryFor(java.nio.file.Path launcher, String server) {
    ObjectNode entry = Json.object();
    if (this == CLAUDE_CODE || this == VSCODE) {
      entry.put("type", "stdio");
    }
    entry.put("command", launcher.toAbsolutePath().toString()).putArray("args").add("bridge").add(server);
    return entry;
  }

  /** The variable the mcp-remote entry passes the header value in. */
  static final String AUTH_ENV = "SWITCHBOARD_AUTH_HEADER";

  static String bearer(String apiKey) {
    return "Bearer " + apiKey;
  }

  public static Client parse(String text) {
    return Arrays.stream(values()).filter(c -> c.id.equalsIgnoreCase(text)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("expected one of " + ids() + ", got \"" + text + "\""));
  }

  public static boolean isId(String text) {
    return Arrays.stream(values()).anyMatch(c -> c.id.equalsIgnoreCase(text));
  }

  static String ids() {
    return Arrays.stream(values()).map(Client::id).collect(Collectors.joining(", "));
  }

  private static Path desktopConfig(Platform p) {
    return switch (p.os()) {
      case MACOS -> p.home().resolve("Library/Application Support/Claude/claude_desktop_config.json");
      case WINDOWS -> p.roaming().resolve("Claude").resolve("claude_desktop_config.json");
      case LINUX -> p.xdgConfig().resolve("Claude/claude_desktop_config.json");
    };
  }

  private static Path vscodeUserConfig(Platform p) {
    return switch (p.os()) {
      case MACOS -> p.home().resolve("Library/Application Support/Code/User/mcp.json");
      case WINDOWS -> p.roaming().resolve("Code").resolve("User").resolve("mcp.json");
      case LINUX -> p.xdgConfig().resolve("Code/User/mcp.json");
    };
  }

  /** mcp-remote refuses plain http except to localhost, so a gateway bound to a LAN address needs the flag. */
  private static boolean needsAllowHttp(String url) {
    var uri = URI.create(url);
    return "http".equals(uri.getScheme()) && !List.of("localhost", "127.0.0.1").contains(uri.getHost());
  }

  /** Lets picocli accept {@code claude-code} and friends. */
  public static final class Converter implements ITypeConverter<Client> {
    @Override
    public Client convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
