package dev.switchboard.daemon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP means "reload the configuration", as for most Unix daemons. Handling it also stops a terminal hang-up
 * from killing a daemon started from that terminal. Windows has no SIGHUP; there, {@code switchboard reload} is the
 * way.
 *
 * <p>The JDK has no public signal API, only {@code sun.misc.Signal} (module {@code jdk.unsupported}). It is reached
 * by reflection: a compile-time reference draws javac's "internal proprietary API" warning, which no
 * {@code @SuppressWarnings} or {@code -Xlint} option can silence, and the build compiles with {@code -Werror}.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  static void onHangup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
        case "handle" -> {
          Thread.ofVirtual().name("sighup").start(action);
          yield null;
        }
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "SIGHUP handler";
      };
      signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("HUP"),
          Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler}, onSignal));
    } catch (InvocationTargetException e) {
      LOG.debug("SIGHUP is not available here: {}", String.valueOf(e.getCause()));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot handle SIGHUP (is the jdk.unsupported module missing?): {}", e.toString());
    }
  }
}
