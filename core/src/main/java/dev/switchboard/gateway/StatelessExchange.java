package dev.switchboard.gateway;

import java.time.Duration;

/**
 * One 2026-07-28 request being served, as its wire sees it: the steps to write, in order, until the final one. Used
 * by the request's own thread only.
 */
public interface StatelessExchange {
  /** The next step, waiting up to {@code wait} for one ({@link Step#IDLE} if none came). */
  Step next(Duration wait) throws InterruptedException;

  /**
   * The client closed the response before the final step: in this revision that cancels the request. A call
   * parked for the client's input is not affected (its retry continues it).
   */
  void abandon();

  /**
   * The wire has written what this exchange gave it (or the client went away): where the request was timed from its
   * first byte, the gateway's share ends here.
   */
  default void written(long now) {}

  /** An exchange whose one step is already known. */
  static StatelessExchange answered(Step.Final answer) {
    return new StatelessExchange() {
      @Override
      public Step next(Duration wait) {
        return answer;
      }

      @Override
      public void abandon() {}
    };
  }
}
