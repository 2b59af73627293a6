package dev.switchboard.client;

/** The call was cancelled (by {@link Call#cancel}, by interrupting its caller, or by closing the client). */
public final class RequestCancelledException extends ClientException {
  public RequestCancelledException(String method, String reason) {
    super(method + " was cancelled: " + reason);
  }
}
