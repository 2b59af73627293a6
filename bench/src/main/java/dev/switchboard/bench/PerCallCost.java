package dev.switchboard.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.gateway.EventStream;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Session;
import dev.switchboard.gateway.StatelessExchange;
import dev.switchboard.gateway.Step;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.RequestMeta;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one {@code tools/call echo} costs the gateway's core, with no HTTP in the way: one client thread calls a
 * {@code shared} fixture child through a session ({@link Session#forward}) and as a 2026-07-28 request
 * ({@link Gateway#serveStateless}), in alternating rounds, and reports per call the bytes allocated and the CPU used
 * by the calling thread (exact, from the JVM's per-thread counters) and the CPU of the whole gateway process (the
 * link's owner and the child's reader included). Closed loop, one call at a time: these are costs, not throughput.
 * {@code PerCallCost [--calls N] [--rounds R] [--warmup N] [--access requests|off]}; the classpath decides which core is measured.
 */
public final class PerCallCost {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Gateway gateway;
  private long nextId = 1;

  private PerCallCost(Gateway gateway) {
    this.gateway = gateway;
  }

  /** Per-call figures of one round. */
  record Cost(double allocatedBytes, double threadCpuMicros, double processCpuMicros) {}

  public static void main(String[] args) throws Exception {
    int calls = intArg(args, "--calls", 20_000);
    int rounds = intArg(args, "--rounds", 5);
    int warmup = intArg(args, "--warmup", 30_000);
    String access = stringArg(args, "--access", "requests");
    try (Daemon daemon = new Daemon(ConfigLoader.load(config(access))).start()) {
      PerCallCost bench = new PerCallCost(daemon.gateway());
      Session session = bench.openSession();
      bench.measure(() -> bench.sessionCall(session), warmup);
      bench.measure(bench::statelessCall, warmup);
      System.out.println("| round | session bytes | stateless bytes | session thread µs | stateless thread µs "
          + "| session process µs | stateless process µs |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
      for (int r = 1; r <= rounds; r++) {
        Cost s = bench.measure(() -> bench.sessionCall(session), calls);
        Cost m = bench.measure(bench::statelessCall, calls);
        System.out.printf("| %d | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f |%n", r, s.allocatedBytes(),
            m.allocatedBytes(), s.threadCpuMicros(), m.threadCpuMicros(), s.processCpuMicros(),
            m.processCpuMicros());
      }
      session.close("done");
    }
    System.exit(0);
  }

  /** A call the bench makes; it fails loudly when the answer is not the echo. */
  private interface Call {
    void run() throws Exception;
  }

  private Cost measure(Call call, int n) throws Exception {
    long bytes = THREADS.getCurrentThreadAllocatedBytes();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long process = OS.getProcessCpuTime();
    for (int i = 0; i < n; i++) {
      call.run();
    }
    return new Cost((THREADS.getCurrentThreadAllocatedBytes() - bytes) / (double) n,
        (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / n, (OS.getProcessCpuTime() - process) / 1e3 / n);
  }

  private Session openSession() throws Exception {
    Session session = gateway.open("echo", "anonymous");
    EventStream out = session.openRequestStream(1);
    session.initialize((Message.Request) MessageCodec.parse(Wire.initialize(0)), out);
    answer(out);
    return session;
  }

  private void sessionCall(Session session) throws Exception {
    EventStream out = session.openRequestStream(1);
    session.forward((Message.Request) MessageCodec.parse(Wire.echoCall(nextId++)), out);
    answer(out);
  }

  private void statelessCall() throws Exception {
    Message.Request request = (Message.Request) MessageCodec.parse(Wire.statelessEchoCall(nextId++));
    StatelessExchange exchange = gateway.serveStateless("echo", "anonymous", request, RequestMeta.of(request));
    Step step;
    do {
      step = exchange.next(WAIT);
    } while (!(step instanceof Step.Final));
    check(((Step.Final) step).answer());
  }

  private static void answer(EventStream out) throws Exception {
    int token = out.attach();
    long cursor = 0;
    while (true) {
      EventStream.Batch batch = out.await(cursor, WAIT, token);
      for (EventStream.Event e : batch.events()) {
        cursor = e.seq();
        out.delivered(cursor);
        if (!(e.message() instanceof Message.Notification)) {
          out.detach(token);
          check(e.message());
          return;
        }
      }
      if (batch.events().isEmpty()) {
        throw new IllegalStateException("no answer within " + WAIT);
      }
    }
  }

  private static void check(Message answer) {
    if (!(answer instanceof Message.Response)) {
      throw new IllegalStateException("not an answer: " + answer.node());
    }
  }

  /** The fixture as a {@code shared} server of one child; the listener on a free loopback port. */
  private static Path config(String access) throws Exception {
    List<String> cmd = ChildJvm.command(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        Servers.FIXTURE_MAIN, List.of());
    ObjectNode root = Json.object();
    ObjectNode echo = root.putObject("mcpServers").putObject("echo").put("command", cmd.get(0));
    ArrayNode a = echo.putArray("args");
    cmd.subList(1, cmd.size()).forEach(a::add);
    echo.put("sharing", "shared").putObject("pool").put("max", 1);
    root.putObject("gateway").put("host", "127.0.0.1").put("port", 0).putObject("logging").put("access", access);
    Path file = Files.createTempFile("per-call-cost", ".json");
    Files.write(file, Json.bytes(root));
    file.toFile().deleteOnExit();
    return file;
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
