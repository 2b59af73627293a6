/**
 * The gateway core: Streamable HTTP transport, sessions and routing, upstream children, security, config, the daemon,
 * and the in-process server API. Built-in servers are not part of it: {@code BuiltinServers} finds their
 * {@link dev.switchboard.upstream.builtin.BuiltinServer.Provider}s with {@link java.util.ServiceLoader}.
 *
 * <p>Exported: what embedders and built-in servers use — {@code config}, {@code daemon}, {@code gateway} (which
 * {@code Daemon.gateway()} returns), {@code upstream} and the server API {@code upstream.builtin}. The HTTP layer
 * ({@code transport.http}) and {@code security} stay internal.
 */
module dev.switchboard.core {
  requires transitive dev.switchboard.protocol;
  requires transitive tools.jackson.databind;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.websocket.server;
  requires io.prometheus.metrics.core;
  requires io.prometheus.metrics.model;
  requires io.prometheus.writer.text;
  requires io.prometheus.metrics.instrumentation.jvm;
  requires com.nimbusds.jose.jwt;
  requires java.net.http;
  requires org.slf4j;
  requires redis.clients.jedis;
  requires ch.qos.logback.classic;
  requires ch.qos.logback.core;
  requires logstash.logback.encoder;
  requires java.management;
  // Signals reaches sun.misc.Signal reflectively (SIGHUP reloads); this keeps it in the module graph.
  requires jdk.unsupported;
  // JSpecify annotations: needed to compile against this module, not to run it.
  requires static transitive org.jspecify;

  exports dev.switchboard.cluster;
  exports dev.switchboard.config;
  exports dev.switchboard.daemon;
  exports dev.switchboard.gateway;
  exports dev.switchboard.metrics;
  exports dev.switchboard.upstream;
  exports dev.switchboard.upstream.builtin;

  // Jetty calls a WebSocket endpoint's listener methods through method handles: it must see the class.
  exports dev.switchboard.transport.websocket to org.eclipse.jetty.websocket.common;

  uses dev.switchboard.upstream.builtin.BuiltinServer.Provider;
}
