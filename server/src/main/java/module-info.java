/**
 * The command line: the daemon's lifecycle ({@code run}, {@code start}, {@code stop}, {@code status} …), the client
 * commands ({@code tools}, {@code call}, {@code review} …), client set-up ({@code connect}, {@code import}) and the
 * stdio bridge. It exports nothing: {@code dev.switchboard.cli.Main} is its entry point. It reaches the gateway only
 * through what {@code dev.switchboard.core} exports, and the built-in servers not at all — {@code core} finds them
 * with {@link java.util.ServiceLoader}, which on the module path binds {@code dev.switchboard.builtins}.
 */
module dev.switchboard.cli {
  requires dev.switchboard.core;
  requires dev.switchboard.client;
  requires info.picocli;
  requires java.management;

  // picocli builds commands and sets their options through reflection.
  opens dev.switchboard.cli to info.picocli;
  opens dev.switchboard.cli.bridge to info.picocli;
  opens dev.switchboard.cli.client to info.picocli;
  opens dev.switchboard.cli.setup to info.picocli;
}
