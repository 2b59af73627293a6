/**
 * The wire vocabulary of MCP, free of I/O: the JSON-RPC envelope, error values, protocol revisions and the pure SSE
 * and JSON-lines codecs. Payloads are Jackson trees, so Jackson's databind (and with it jackson-core) is re-exported.
 */
module dev.switchboard.protocol {
  requires transitive tools.jackson.databind;
  // JSpecify annotations: needed to compile against this module, not to run it.
  requires static transitive org.jspecify;

  exports dev.switchboard.protocol;
}
