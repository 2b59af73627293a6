package dev.switchboard.security.oauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body read into memory up to a bound: past it (or when the declared {@code Content-Length} already is)
 * the subscription is cancelled, which closes the connection, and the body fails, so a hostile server can never make
 * the caller buffer more than the bound. The HTTP client calls one instance from one thread at a time (Reactive
 * Streams rules); it asks for one buffer list at a time.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int max;
  private final boolean declaredTooLarge;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Flow.@Nullable Subscription subscription;

  private BoundedBody(int max, boolean declaredTooLarge) {
    this.max = max;
    this.declaredTooLarge = declaredTooLarge;
  }

  /** Bodies of at most {@code max} bytes; a larger one fails with an {@link IOException}. */
  static HttpResponse.BodyHandler<byte[]> atMost(int max) {
    return info -> new BoundedBody(max, info.headers().firstValueAsLong("content-length").orElse(0) > max);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declaredTooLarge) {
      tooLarge();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer b : buffers) {
      if (bytes.size() + b.remaining() > max) {
        tooLarge();
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.writeBytes(chunk);
    }
    request();
  }

  private void request() {
    Flow.Subscription s = subscription;
    if (s != null && !result.isDone()) {
      s.request(1);
    }
  }

  private void tooLarge() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.completeExceptionally(new IOException("the answer is larger than " + max + " bytes"));
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }
}
