package dev.switchboard.bench;

import java.io.IOException;

/** One client session the load generator drives: each {@link #echo} is one {@code tools/call echo} round trip. */
interface EchoSession extends AutoCloseable {
  /** One call with this JSON-RPC id; returns when the answer is read and checked, throws on any failure. */
  void echo(long id) throws IOException;

  /** The process serving this session alone, if any (a stdio child), for CPU accounting. */
  default long childPid() {
    return -1;
  }

  @Override
  void close();
}
