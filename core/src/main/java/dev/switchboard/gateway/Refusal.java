package dev.switchboard.gateway;

/**
 * Why a request is refused before it reaches a server, independent of any wire. Each transport maps a refusal to its
 * own form (HTTP: {@code transport.http.HttpStatuses}); the JSON-RPC error travelling with it in a
 * {@link GatewayException} is the same on every wire.
 */
public enum Refusal {
  /** The request's envelope is malformed or incomplete: a missing session id, an unsupported revision, a batch. */
  BAD_REQUEST,
  /** No valid credential was presented. */
  UNAUTHORIZED,
  /** The caller is known but may not do this: a key's scope, a foreign Host or Origin. */
  FORBIDDEN,
  /** Nothing is served at the address the request names. */
  NOT_FOUND,
  /** No MCP server of that name is configured. */
  UNKNOWN_SERVER,
  /** The session named does not exist (never did, expired, ended, or belongs to someone else). */
  SESSION_UNKNOWN,
  /** The transport has no such operation. */
  METHOD_NOT_ALLOWED,
  /** The body is not in a form the gateway reads (JSON). */
  UNSUPPORTED_CONTENT_TYPE,
  /** The client does not accept the forms an answer may take. */
  NOT_ACCEPTABLE,
  /** Another consumer already reads the stream asked for. */
  STREAM_BUSY,
  /** A resumed stream lost the events after the client's cursor (it was cut off for falling behind). */
  EVENTS_LOST,
  /** The request body exceeds the configured maximum. */
  BODY_TOO_LARGE,
  /** Too many requests from this key (its rate) or this address (failed attempts). */
  RATE_LIMITED,
  /** The session has its maximum of requests in flight. */
  TOO_MANY_IN_FLIGHT,
  /** The API key has its maximum of sessions. */
  TOO_MANY_SESSIONS_FOR_KEY,
  /** The gateway has its maximum of sessions. */
  CAPACITY,
  /** A gateway-wide resource bound is reached for now (e.g. memory for request bodies being received). */
  OVERLOADED,
  /** The gateway is draining or closed. */
  SHUTTING_DOWN
}
