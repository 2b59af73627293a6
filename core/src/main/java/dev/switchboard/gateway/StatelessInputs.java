package dev.switchboard.gateway;

import dev.switchboard.protocol.RequestId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a 2026-07-28 request's session learns from the child while it works: the id the child gave each input
 * request (its key in the {@code InputRequiredResult}, so a child that names its questions gets those names), and
 * the capabilities it asked for that the client had not declared. Written by the link's owner, read by the
 * request's thread; thread safe.
 */
final class StatelessInputs {
  /** A child id usable as an input key as it is: short, and plain enough for any client to echo. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Made by the link's owner on the child's first question (most calls ask none); the owner is the only maker. */
  private volatile @Nullable Map<RequestId, RequestId> childIds;
  private volatile @Nullable Set<String> refused;

  void received(RequestId downstream, RequestId childId) {
    Map<RequestId, RequestId> ids = childIds;
    if (ids == null) {
      ids = new ConcurrentHashMap<>();
      childIds = ids;
    }
    ids.put(downstream, childId);
  }

  void refused(String capability) {
    Set<String> own = refused;
    if (own == null) {
      own = ConcurrentHashMap.newKeySet();
      refused = own;
    }
    own.add(capability);
  }

  Set<String> refusedCapabilities() {
    Set<String> own = refused;
    return own == null ? Set.of() : Set.copyOf(own);
  }

  /** The key for an input request: the child's own id when it is plain text, else the gateway's id for it. */
  String keyFor(RequestId downstream) {
    Map<RequestId, RequestId> ids = childIds;
    RequestId child = ids == null ? null : ids.get(downstream);
    String own = downstream.value().asString();
    if (child == null || !child.isString()) {
      return own;
    }
    String text = child.value().asString();
    return plainKey(text) ? text : own;
  }

  /** Whether a server's own name for a question can be its input key as it is. */
  static boolean plainKey(String text) {
    return PLAIN_KEY.matcher(text).matches() && !text.startsWith("sb-");
  }

  void forget(RequestId downstream) {
    Map<RequestId, RequestId> ids = childIds;
    if (ids != null) {
      ids.remove(downstream);
    }
  }
}
