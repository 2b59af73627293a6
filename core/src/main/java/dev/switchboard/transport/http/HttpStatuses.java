package dev.switchboard.transport.http;

import dev.switchboard.gateway.Refusal;

/** The HTTP status of each {@link Refusal}: the one place the gateway's reasons meet HTTP. */
final class HttpStatuses {
  private HttpStatuses() {}

  /** The status a refusal answers with; exhaustive, so a new refusal does not compile until it has one. */
  static int of(Refusal refusal) {
    return switch (refusal) {
      case BAD_REQUEST -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND, UNKNOWN_SERVER, SESSION_UNKNOWN -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case NOT_ACCEPTABLE -> 406;
      case STREAM_BUSY -> 409;
      case EVENTS_LOST -> 410;
      case BODY_TOO_LARGE -> 413;
      case UNSUPPORTED_CONTENT_TYPE -> 415;
      case RATE_LIMITED, TOO_MANY_IN_FLIGHT, TOO_MANY_SESSIONS_FOR_KEY -> 429;
      case CAPACITY, OVERLOADED, SHUTTING_DOWN -> 503;
    };
  }

  /**
   * The refusal a bare status stands for, for call sites that still refuse by status
   * ({@link StreamableHttpHandler#refuse(int, int, String)}); {@code of(refusalFor(s)) == s} for every status here.
   */
  static Refusal refusalFor(int status) {
    return switch (status) {
      case 400 -> Refusal.BAD_REQUEST;
      case 401 -> Refusal.UNAUTHORIZED;
      case 403 -> Refusal.FORBIDDEN;
      case 404 -> Refusal.NOT_FOUND;
      case 405 -> Refusal.METHOD_NOT_ALLOWED;
      case 406 -> Refusal.NOT_ACCEPTABLE;
      case 409 -> Refusal.STREAM_BUSY;
      case 410 -> Refusal.EVENTS_LOST;
      case 413 -> Refusal.BODY_TOO_LARGE;
      case 415 -> Refusal.UNSUPPORTED_CONTENT_TYPE;
      case 429 -> Refusal.RATE_LIMITED;
      case 503 -> Refusal.OVERLOADED;
      default -> throw new IllegalArgumentException("no refusal answers with HTTP " + status);
    };
  }
}
