package dev.switchboard.daemon;

/** The daemon's lifecycle; {@code TERMINATED} and {@code FAILED} are final. */
public enum DaemonState {
  NEW,
  STARTING,
  RUNNING,
  STOPPING,
  TERMINATED,
  FAILED
}
