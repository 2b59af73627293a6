package dev.switchboard.config;

/** How a server's children are shared among client sessions ({@code mcpServers.NAME.sharing}). */
public enum Sharing {
  /** A dedicated child per client session (the default): any server works, state stays per client. */
  SESSION,
  /** One child, or {@code pool.max} least-loaded children, serve every session; ids and tokens are remapped. */
  SHARED,
  /** A fresh child per request, taken from a warm pool: for servers that keep no state between calls. */
  CALL
}
