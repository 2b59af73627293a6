package dev.switchboard.gateway;

/**
 * A server as a member of a group: its name, the dispatcher that serves its sessions and the lane that serves its
 * 2026-07-28 requests (both shared with its own endpoint), so a stateless group request reaches a member as a
 * stateless request to that member would.
 */
record Member(String name, Dispatcher dispatcher, StatelessLane lane) {
  /** A member whose 2026-07-28 requests use the dispatcher its sessions use. */
  Member(String name, Dispatcher dispatcher) {
    this(name, dispatcher, StatelessLane.sharing(dispatcher));
  }

  /** What serves a member session for a group session of {@code principal}, stateless or not. */
  Dispatcher dispatcherFor(String principal, boolean stateless) {
    return stateless ? lane.dispatcher(principal) : dispatcher;
  }
}
