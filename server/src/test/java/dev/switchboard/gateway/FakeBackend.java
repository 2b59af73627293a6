package dev.switchboard.gateway;

import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.StderrLog;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.config.UpstreamPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A backend of {@link FakeUpstream}s that answer {@code initialize} at once; the test drives everything else. */
final class FakeBackend implements Backend {
  final List<FakeUpstream> children = new CopyOnWriteArrayList<>();
  /** Whom each child in {@link #children} was connected for ({@code ""}: no one in particular). */
  final List<String> principals = new CopyOnWriteArrayList<>();
  /** Children leave {@code initialize} unanswered: the test replies. */
  volatile boolean slowStart;
  /** Children exit as they start: their exit reaches the link before anything is sent to them. */
  volatile boolean crashAtStart;
  private final UpstreamPolicy policy;
  private final List<String> roots;

  FakeBackend(UpstreamPolicy policy, List<String> roots) {
    this.policy = policy;
    this.roots = roots;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Upstream connect(Upstream.Listener listener, String principal) {
    principals.add(principal);
    return start(listener);
  }

  @Override
  public Upstream connect(Upstream.Listener listener) {
    principals.add("");
    return start(listener);
  }

  private Upstream start(Upstream.Listener listener) {
    FakeUpstream child = new FakeUpstream(listener);
    child.responder = r -> r.method().equals("initialize") && !slowStart
        ? "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}}"
        : null;
    children.add(child);
    if (crashAtStart) {
      child.crash();
    }
    return child;
  }

  @Override
  public BackendStatus status() {
    return new BackendStatus("fake", "fake", dev.switchboard.upstream.BackendState.READY, children.size(), null);
  }

  @Override
  public UpstreamPolicy policy() {
    return policy;
  }

  @Override
  public List<String> roots() {
    return roots;
  }

  @Override
  public StderrLog log() {
    return new StderrLog(10);
  }
}
