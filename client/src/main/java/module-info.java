/**
 * A blocking, thread-safe MCP client: {@code dev.switchboard.client} (the client, its builder, errors and handlers),
 * {@code dev.switchboard.client.transport} (Streamable HTTP, legacy HTTP+SSE, stdio) and
 * {@code dev.switchboard.client.schema} (typed MCP results). {@code dev.switchboard.client.internal} is not exported:
 * it is implementation only, and {@code ModuleDescriptorTest} keeps it that way.
 */
module dev.switchboard.client {
  requires transitive dev.switchboard.protocol;
  requires transitive tools.jackson.databind;
  requires java.net.http;
  requires static transitive org.jspecify;

  exports dev.switchboard.client;
  exports dev.switchboard.client.schema;
  exports dev.switchboard.client.transport;
}
