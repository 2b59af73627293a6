package dev.switchboard.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap of another JVM on this machine (the gateway child), read the way {@code jcmd} reaches it: the Attach API
 * starts the target's local (loopback-only) JMX agent, and its {@code MemoryMXBean} runs full GCs and reports used
 * heap, exactly as {@link HeapPhase#usedHeapAfterGc} does in-process. Attach once, after the load phases: the agent
 * stays in the target until it exits, and the heap is read before and after with it in place.
 */
final class RemoteHeap implements AutoCloseable {
  private final JMXConnector connector;
  private final MemoryMXBean memory;

  private RemoteHeap(JMXConnector connector, MemoryMXBean memory) {
    this.connector = connector;
    this.memory = memory;
  }

  // The only JNDI/RMI use is the benchmark's own child JVM: the address comes from its loopback-only local agent.
  @SuppressWarnings("BanJNDI")
  static RemoteHeap attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    try {
      return new RemoteHeap(connector, ManagementFactory.newPlatformMXBeanProxy(
          connector.getMBeanServerConnection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class));
    } catch (IOException | RuntimeException e) {
      connector.close();
      throw e;
    }
  }

  /** Used heap after full GCs: the least of several readings, each after {@code gc()} and a pause. */
  long usedAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      memory.gc();
      Thread.sleep(150);
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  @Override
  public void close() {
    try {
      connector.close();
    } catch (IOException e) {
      // the gateway may be gone
    }
  }
}
