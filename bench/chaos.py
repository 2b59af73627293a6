#!/usr/bin/env python3
"""Chaos run: the hostile loads of the hostile-load pass (issue 10) against a real running gateway, one after another,
while the gateway's RSS, heap, threads, file descriptors and /health latency are sampled every second.

    SWITCHBOARD_NO_BUILD=1 bench/chaos.py                 # every attack, 40 s each; results into docs/RELIABILITY.md
    bench/chaos.py --duration 10 --no-write               # a short check of the harness
    bench/chaos.py --only trickle,expect                  # some attacks only

Build first (`mvn -B -o -q -pl server -am -DskipTests package`): the gateway runs from server/target/switchboard/lib
through bin/switchboard, its stdio servers are the conformance fixture (fixture/target) with the Jackson jars from
that lib/. Python 3 standard library only. Every loop is bounded in count and time; the gateway, and any fixture
child left behind (found by a marker on its command line), is stopped at the end, on errors and on Ctrl-C.
"""
import argparse
import glob
import http.client
import json
import os
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIB = os.path.join(ROOT, "server", "target", "switchboard", "lib")
FIXTURE_MAIN = "dev.switchboard.fixture.ConformanceServer"
ATTACKS = ["trickle", "expect", "slow-consumer", "idle-sse", "slowloris"]


def log(fmt, *args):
    print(("chaos: " + fmt) % args, file=sys.stderr, flush=True)


# --- the gateway under test -----------------------------------------------------------------------------------------

def find_jdk():
    for home in (os.environ.get("SWITCHBOARD_JAVA_HOME"), "/usr/lib/jvm/temurin-25-jdk-amd64"):
        if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
            return home
    java = shutil.which("java")
    if not java:
        sys.exit("chaos: no JDK found; set SWITCHBOARD_JAVA_HOME")
    return os.path.dirname(os.path.dirname(os.path.realpath(java)))


def fixture_classpath():
    jars = glob.glob(os.path.join(ROOT, "fixture", "target", "switchboard-fixture-*.jar"))
    jackson = glob.glob(os.path.join(LIB, "jackson-*.jar"))
    if not jars or not jackson:
        sys.exit("chaos: build first: mvn -B -o -q -pl server -am -DskipTests package (fixture jar or lib/ missing)")
    return os.pathsep.join(jars[:1] + sorted(jackson))


def write_config(home, jdk, marker, io_threads):
    fixture_args = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Dchaos.marker=" + marker,
                    "-cp", fixture_classpath(), FIXTURE_MAIN]
    java = os.path.join(jdk, "bin", "java")
    config = {
        "mcpServers": {
            # a child per session (the default): the slow consumers' calls
            "fixture": {"command": java, "args": fixture_args, "sharing": "session"},
            # one child for every session: the idle SSE streams (1,500 children would not fit this machine)
            "shared": {"command": java, "args": fixture_args, "sharing": "shared"},
        },
        "gateway": {"host": "127.0.0.1", "port": 0, "defaultServer": "fixture",
                    # no keys on loopback: every session is the same anonymous principal, capped at 1,000 by default
                    "auth": {"maxSessionsPerKey": 100000}},
    }
    if io_threads:
        config["gateway"]["ioThreads"] = io_threads
    with open(os.path.join(home, "config.json"), "w") as f:
        json.dump(config, f, indent=2)


class Gateway:
    def __init__(self, jdk, java_opts, io_threads=""):
        self.jdk = jdk
        self.home = tempfile.mkdtemp(prefix="switchboard-chaos-")
        os.chmod(self.home, 0o700)
        self.marker = os.path.basename(self.home)
        write_config(self.home, jdk, self.marker, io_threads)
        env = dict(os.environ, SWITCHBOARD_HOME=self.home, SWITCHBOARD_NO_BUILD="1", SWITCHBOARD_JAVA_HOME=jdk)
        env.pop("SWITCHBOARD_PORT", None)
        env.pop("SWITCHBOARD_CONFIG", None)
        if java_opts:
            env["SWITCHBOARD_JAVA_OPTS"] = java_opts
        self.out = open(os.path.join(self.home, "run.out"), "wb")
        # bin/switchboard execs the JVM: this process is the gateway. Its own session: Ctrl-C reaches only us.
        self.proc = subprocess.Popen([os.path.join(ROOT, "bin", "switchboard"), "run"], env=env,
                                     stdin=subprocess.DEVNULL, stdout=self.out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.pid = self.proc.pid
        self.port = self._await_port(60)

    def _await_port(self, seconds):
        state = os.path.join(self.home, "state.json")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the gateway exited (%s); see %s/run.out" % (self.proc.returncode, self.home))
            try:
                with open(state) as f:
                    url = json.load(f).get("url", "")
                port = int(re.search(r":(\d+)", url.split("//", 1)[-1]).group(1))
                if health(port, 2)[0] is not None:
                    return port
            except (OSError, ValueError, AttributeError):
                pass
            time.sleep(0.2)
        raise RuntimeError("the gateway did not answer /health within %d s; see %s/run.out" % (seconds, self.home))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                log("the gateway did not stop within 30 s of SIGTERM: killed")
                self.proc.kill()
                self.proc.wait(10)
        self.out.close()
        left = leftover_children(self.marker)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return left


def alive_at_end(gw):
    return getattr(gw, "was_alive", False)


LOG_PATTERNS = {"streams cut off": re.compile(r"cut off"), "retained events freed": re.compile(r"maxRetainedEvents"), "OutOfMemoryError": re.compile(r"OutOfMemoryError"),
                "ERROR lines": re.compile(r'"level"\s*:\s*"ERROR"|\bERROR\b')}


def log_counts(home):
    """How often each of LOG_PATTERNS occurs in the gateway's logs so far."""
    counts = dict.fromkeys(LOG_PATTERNS, 0)
    for path in glob.glob(os.path.join(home, "logs", "**", "*"), recursive=True) + [os.path.join(home, "run.out")]:
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            for line in f:
                text = line.decode("utf-8", "replace")
                for key, pattern in LOG_PATTERNS.items():
                    counts[key] += bool(pattern.search(text))
    return counts


def leftover_children(marker):
    pids = []
    for d in glob.glob("/proc/[0-9]*"):
        try:
            with open(d + "/cmdline", "rb") as f:
                if ("-Dchaos.marker=" + marker).encode() in f.read():
                    pids.append(int(d[6:]))
        except OSError:
            pass
    return pids


# --- measuring ------------------------------------------------------------------------------------------------------

def health(port, timeout):
    """(latency ms or None, body dict or None): a fresh connection each time."""
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/health")
        resp = conn.getresponse()
        body = resp.read()
        ms = (time.monotonic() - start) * 1000
        return (ms, json.loads(body)) if resp.status == 200 else (None, None)
    except (OSError, ValueError, http.client.HTTPException):
        return None, None
    finally:
        conn.close()


def proc_status(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "Threads"):
                    out[key] = int(value.split()[0])
        out["fds"] = len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        pass
    return out


def jcmd(jdk, pid, *command):
    try:
        return subprocess.run([os.path.join(jdk, "bin", "jcmd"), str(pid)] + list(command), capture_output=True,
                              text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def heap_used_kib(jdk, pid):
    """Heap in use (live and garbage) as GC.heap_info reports it, or None."""
    m = re.search(r"used (\d+)K", jcmd(jdk, pid, "GC.heap_info"))
    return int(m.group(1)) if m else None


def live_heap_kib(jdk, pid):
    """Heap in use right after a full GC: what is actually retained."""
    jcmd(jdk, pid, "GC.run")
    return heap_used_kib(jdk, pid)


EVENT_CLASS = "dev.switchboard.gateway.EventStream$Event"


def histogram(jdk, pid):
    """(instances of EVENT_CLASS, the three classes holding the most bytes) from a class histogram (a full GC)."""
    events, top = 0, []
    for line in jcmd(jdk, pid, "GC.class_histogram").splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if not m:
            continue
        if m.group(3) == EVENT_CLASS:
            events = int(m.group(1))
        if len(top) < 3:
            top.append("`%s` %.1f MiB" % (m.group(3), int(m.group(2)) / 1048576))
    return events, top


class Sampler:
    """Every second: /health latency (fresh connection, 5 s timeout), RSS, threads, fds, children, sessions; the heap
    (jcmd, which starts a JVM) every heap_every seconds on its own thread."""

    def __init__(self, gateway, heap_every):
        self.gw = gateway
        self.heap_every = heap_every
        self.samples = []  # (t, phase, latency ms or None, status dict, health body or None)
        self.heaps = []  # (t, phase, used KiB)
        self.phase = "start"
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._fast, daemon=True),
                        threading.Thread(target=self._heap, daemon=True)]
        for t in self.threads:
            t.start()

    def _fast(self):
        while not self.stopping.is_set():
            tick = time.monotonic()
            ms, body = health(self.gw.port, 5)
            self.samples.append((tick, self.phase, ms, proc_status(self.gw.pid), body))
            self.stopping.wait(max(0.0, 1.0 - (time.monotonic() - tick)))

    def _heap(self):
        while not self.stopping.is_set():
            tick = time.monotonic()
            used = heap_used_kib(self.gw.jdk, self.gw.pid)
            if used is not None:
                self.heaps.append((tick, self.phase, used))
            self.stopping.wait(max(0.0, self.heap_every - (time.monotonic() - tick)))

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(10)


# --- the attacks ----------------------------------------------------------------------------------------------------

def status_of(head):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return int(m.group(1)) if m else None


def connect(port, rcvbuf=None, timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before connect: the window stays small
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s


class Herd:
    """Many raw connections on one selector: counts the status of the first answer on each and which ones closed."""

    def __init__(self):
        self.sel = selectors.DefaultSelector()
        self.socks = {}
        self.heads = {}
        self.statuses = {}
        self.closed = 0
        self.failed_to_open = 0

    def add(self, s):
        s.setblocking(False)
        self.socks[s.fileno()] = s
        self.heads[s.fileno()] = b""
        self.sel.register(s, selectors.EVENT_READ)

    def open_count(self):
        return len(self.socks)

    def poll(self, timeout):
        for key, _ in self.sel.select(timeout):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            fd = s.fileno()
            if self.heads.get(fd) is not None and data:
                head = self.heads[fd] + data
                code = status_of(head) if len(head) >= 12 else None
                if code is not None:
                    self.statuses[code] = self.statuses.get(code, 0) + 1
                    self.heads[fd] = None
                else:
                    self.heads[fd] = head[:64]
            if not data:
                self.drop(s)

    def drop(self, s):
        fd = s.fileno()
        if fd in self.socks:
            self.sel.unregister(s)
            del self.socks[fd]
            self.heads.pop(fd, None)
            self.closed += 1
        s.close()

    def send_each(self, data):
        for s in list(self.socks.values()):
            try:
                s.send(data)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                self.drop(s)

    def close(self):
        for s in list(self.socks.values()):
            self.sel.unregister(s)
            s.close()
        self.socks.clear()
        self.sel.close()

    def summary(self):
        codes = ", ".join("%d × %s" % (n, c) for c, n in sorted(self.statuses.items())) or "none"
        return "answers: %s; closed by the gateway: %d; still open at the end: %d" % (
            codes, self.closed, len(self.socks))


def open_herd(herd, port, n, head, deadline, per_second, tick=None):
    """Opens n connections at an even pace (a burst overflows the listen backlog and stalls on SYN retries); tick()
    runs between them, for attacks that must keep their open connections busy meanwhile."""
    start = time.monotonic()
    for i in range(n):
        if time.monotonic() > deadline:
            break
        try:
            s = connect(port, timeout=5)
            s.sendall(head)
            herd.add(s)
        except OSError:
            herd.failed_to_open += 1
        if i % 50 == 49:
            herd.poll(0)
            if tick:
                tick()
        time.sleep(max(0.0, start + (i + 1) / per_second - time.monotonic()))


def post_head(port, path, length, extra=""):
    return ("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
            "Accept: application/json, text/event-stream\r\nContent-Length: %d\r\n%s\r\n"
            % (path, port, length, extra)).encode()


def attack_trickle(port, duration, args):
    """500 POST /mcp declaring 16 MiB (the default maxBodyBytes), then one byte every 3 s on each."""
    n = args.trickle_connections
    deadline = time.monotonic() + duration
    herd = Herd()
    open_herd(herd, port, n, post_head(port, "/mcp", 16 << 20) + b"{", deadline, 200)
    opened = herd.open_count() + herd.closed
    bytes_sent = 1
    next_byte = time.monotonic() + 3
    while time.monotonic() < deadline and herd.open_count():
        herd.poll(min(1.0, max(0.0, next_byte - time.monotonic())))
        if time.monotonic() >= next_byte:
            herd.send_each(b" ")
            bytes_sent += 1
            next_byte += 3
    summary = "%d connections opened (%d failed), declaring %d bytes, %d bytes sent on each; %s" % (
        opened, herd.failed_to_open, 16 << 20, bytes_sent, herd.summary())
    herd.close()
    return summary


def attack_expect(port, duration, args):
    """Many POSTs with `Expect: 100-continue` declaring 64 GiB, from a few threads: each must get 413 at once."""
    deadline = time.monotonic() + duration
    head = post_head(port, "/mcp", 64 << 30, "Expect: 100-continue\r\n")
    lock = threading.Lock()
    stats = {"sent": 0, "continue": 0, "errors": 0, "codes": {}, "ms": []}
    budget = [args.expect_requests]

    def worker():
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            start = time.monotonic()
            try:
                s = connect(port, timeout=10)
                try:
                    s.sendall(head)
                    data = b""
                    while b"\r\n\r\n" not in data and len(data) < 65536:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                finally:
                    s.close()
                code = status_of(data)
                with lock:
                    stats["sent"] += 1
                    stats["ms"].append((time.monotonic() - start) * 1000)
                    stats["codes"][code] = stats["codes"].get(code, 0) + 1
                    stats["continue"] += code == 100
            except OSError:
                with lock:
                    stats["errors"] += 1

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(args.expect_threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(duration + 15)
    ms = sorted(stats["ms"])
    codes = ", ".join("%d × %s" % (n, c) for c, n in sorted(stats["codes"].items(), key=lambda kv: str(kv[0])))
    return ("%d requests from %d threads declaring %d bytes; answers: %s; `100 Continue` seen: %d; errors: %d; "
            "time to the answer p50 %.1f ms, p99 %.1f ms, max %.1f ms") % (
        stats["sent"], args.expect_threads, 64 << 30, codes or "none", stats["continue"], stats["errors"],
        pct(ms, 50), pct(ms, 99), ms[-1] if ms else float("nan"))


def rpc(port, path, body, session=None, timeout=60):
    """A well-behaved POST that reads its whole answer; returns (status, session id, body text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if session:
            headers["Mcp-Session-Id"] = session
        conn.request("POST", path, json.dumps(body), headers)
        resp = conn.getresponse()
        return resp.status, resp.getheader("Mcp-Session-Id"), resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def open_session(port, path):
    status, session, _ = rpc(port, path, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "chaos", "version": "1"}}})
    if status != 200 or not session:
        raise RuntimeError("initialize on %s answered %s" % (path, status))
    rpc(port, path, {"jsonrpc": "2.0", "method": "notifications/initialized"}, session)
    return session


SLOW_SESSIONS = []


def delete_sessions(port, server, sessions):
    done = 0
    for session in sessions:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("DELETE", "/mcp/" + server, headers={"Mcp-Session-Id": session})
            done += conn.getresponse().status in (200, 202, 204)
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
    return done


def attack_slow_consumer(port, duration, args):
    """Sessions whose `slow` calls (a progress event every few ms) and GET streams are never read: the client's
    receive window is 4 KiB and it never calls recv. At the end the sockets are dropped, the sessions left to idle."""
    deadline = time.monotonic() + duration
    herd = []
    sessions = 0
    for i in range(args.slow_sessions):
        if time.monotonic() > deadline:
            break
        try:
            session = open_session(port, "/mcp/" + args.slow_server)
        except (OSError, RuntimeError, http.client.HTTPException) as e:
            log("slow-consumer: session %d: %s", i, e)
            continue
        sessions += 1
        SLOW_SESSIONS.append(session)
        extra = "Mcp-Session-Id: %s\r\nMcp-Protocol-Version: 2025-06-18\r\n" % session
        for c in range(args.slow_calls):
            body = json.dumps({"jsonrpc": "2.0", "id": 10 + c, "method": "tools/call", "params": {
                "name": "slow", "arguments": {"ms": int(duration * 1000), "steps": args.slow_steps},
                "_meta": {"progressToken": "p%d-%d" % (i, c)}}}).encode()
            s = connect(port, rcvbuf=4096)
            s.sendall(post_head(port, "/mcp/" + args.slow_server, len(body), extra) + body)
            herd.append(s)
        s = connect(port, rcvbuf=4096)
        s.sendall(("GET /mcp/%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n%s\r\n"
                   % (args.slow_server, port, extra)).encode())
        herd.append(s)
    while time.monotonic() < deadline:
        time.sleep(0.5)
    for s in herd:
        s.close()
    return ("%d sessions on `%s` (%s), %d never-read `slow` calls each (%d progress events in %d ms: past "
            "maxStreamEvents, 10,000, only if the child keeps up) plus a never-read GET stream each, client receive "
            "buffer 4 KiB; then every socket dropped without DELETE") % (
        sessions, args.slow_server, "a child each" if args.slow_server == "fixture" else "one child for all",
        args.slow_calls, args.slow_steps, int(duration * 1000))


def attack_idle_sse(port, duration, args):
    """1,500 legacy SSE streams (GET /sse/shared: a session each, on one shared child), read but idle."""
    deadline = time.monotonic() + duration
    herd = Herd()
    head = ("GET /sse/shared HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n\r\n" % port).encode()
    open_herd(herd, port, args.sse_streams, head, deadline, 100)
    opened = herd.open_count() + herd.closed
    while time.monotonic() < deadline:
        herd.poll(1.0)
    summary = "%d streams opened (%d failed); %s" % (opened, herd.failed_to_open, herd.summary())
    herd.close()
    return summary


def attack_slowloris(port, duration, args):
    """5,000 connections sending a request's headers one line every 10 s, never finishing them."""
    deadline = time.monotonic() + duration
    herd = Herd()
    state = {"lines": 0, "next": time.monotonic() + 10}

    def tick():
        if time.monotonic() >= state["next"]:
            herd.send_each(b"X-Chaos-%d: a\r\n" % state["lines"])
            state["lines"] += 1
            state["next"] += 10

    open_herd(herd, port, args.slowloris_connections,
              ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port).encode(), deadline, 400, tick)
    opened = herd.open_count() + herd.closed
    while time.monotonic() < deadline and herd.open_count():
        herd.poll(min(1.0, max(0.0, state["next"] - time.monotonic())))
        tick()
    lines = state["lines"]
    summary = "%d connections opened (%d failed), %d header lines sent on each after the first two; %s" % (
        opened, herd.failed_to_open, lines, herd.summary())
    herd.close()
    return summary


RUNNERS = {"trickle": attack_trickle, "expect": attack_expect, "slow-consumer": attack_slow_consumer,
           "idle-sse": attack_idle_sse, "slowloris": attack_slowloris}
TITLES = {"trickle": "(a) 500 bodies declaring 16 MiB, one byte every 3 s",
          "expect": "(b) `Expect: 100-continue` with a 64 GiB declared body, many times",
          "slow-consumer": "(c) slow consumers: progress streams and GET streams never read",
          "idle-sse": "(d) 1,500 idle SSE streams",
          "slowloris": "(d) 5,000 slowloris connections"}


# --- the report -----------------------------------------------------------------------------------------------------

def pct(values, p):
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return sorted(values)[k]


def metric_rows(samples, heaps):
    """name -> list of values, in time order."""
    rows = {
        "RSS (MiB)": [s[3]["VmRSS"] / 1024 for s in samples if "VmRSS" in s[3]],
        "heap used, sampled (MiB)": [h[2] / 1024 for h in heaps],
        "threads": [s[3]["Threads"] for s in samples if "Threads" in s[3]],
        "open fds": [s[3]["fds"] for s in samples if "fds" in s[3]],
        "live children (/health)": [s[4]["children"] for s in samples if s[4]],
        "active sessions (/health)": [s[4]["activeSessions"] for s in samples if s[4]],
    }
    return rows


def fmt(v):
    if v is None or v != v:
        return "–"
    return "%.0f" % v if abs(v) >= 10 or v == int(v) else "%.1f" % v


def phase_table(name, sampler, base, after_live):
    during = [s for s in sampler.samples if s[1] == name]
    after = [s for s in sampler.samples if s[1] == name + ":after"]
    heaps_d = [h for h in sampler.heaps if h[1] == name]
    heaps_a = [h for h in sampler.heaps if h[1] == name + ":after"]
    rd, ra = metric_rows(during, heaps_d), metric_rows(after, heaps_a)
    out = ["| metric | baseline | max during | last during | after (10 s idle) |", "|---|---:|---:|---:|---:|"]
    for key in rd:
        d, a = rd[key], ra[key]
        out.append("| %s | %s | %s | %s | %s |" % (key, fmt(base.get(key)), fmt(max(d) if d else None),
                                                    fmt(d[-1] if d else None), fmt(a[-1] if a else None)))
    out.append("| live heap after a full GC (MiB) | %s | | | %s |" % (fmt(base.get("live")), fmt(after_live)))
    lat = [s[2] for s in during if s[2] is not None]
    fails = sum(1 for s in during if s[2] is None)
    out.append("")
    out.append("`/health` during the attack (%d probes, a fresh connection each, 5 s timeout): p50 %s ms, p99 %s ms, "
               "max %s ms; baseline p50 %s ms, max %s ms; failed or timed out: %d." % (
                   len(during), fmt2(pct(lat, 50)), fmt2(pct(lat, 99)), fmt2(max(lat) if lat else None),
                   fmt2(base.get("lat50")), fmt2(base.get("latmax")), fails))
    return out


def fmt2(v):
    return "–" if v is None or v != v else "%.1f" % v


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine_note(jdk, gw):
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024
    m = re.search(r"MaxHeapSize\s*=\s*(\d+)", jcmd(jdk, gw.pid, "VM.flags", "-all"))
    heap = "%d MiB" % (int(m.group(1)) >> 20) if m else "?"
    gc = [l for l in jcmd(jdk, gw.pid, "GC.heap_info").splitlines() if "heap" in l and "total" in l]
    version = jcmd(jdk, gw.pid, "VM.version").strip().splitlines()
    soft, hard = __import__("resource").getrlimit(__import__("resource").RLIMIT_NOFILE)
    return ("%d cores, %d MiB RAM; gateway JVM: %s, max heap %s (the JVM default), %s; open-file limit %d/%d" % (
        os.cpu_count(), mem, version[-1] if version else "?", heap, re.sub(r"\s+", " ", re.sub(r"\s*\[.*", "", gc[0])).strip() if gc else "?", soft, hard))


def write_doc(path, text, section):
    BEGIN, END = "<!-- chaos:%s:begin -->" % section, "<!-- chaos:%s:end -->" % section
    doc = open(path).read() if os.path.exists(path) else (
        "# Reliability under hostile load\n\n" + BEGIN + "\n" + END + "\n")
    if BEGIN not in doc or END not in doc:
        doc += "\n" + BEGIN + "\n" + END + "\n"
    head, rest = doc.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n" + text + "\n" + END + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=40, help="seconds per attack (default 40)")
    ap.add_argument("--baseline", type=float, default=15, help="seconds of baseline before the attacks")
    ap.add_argument("--after", type=float, default=10, help="idle seconds after each attack, still sampled")
    ap.add_argument("--heap-every", type=float, default=3, help="seconds between heap samples (jcmd)")
    ap.add_argument("--only", default=",".join(ATTACKS), help="attacks to run: " + ",".join(ATTACKS))
    ap.add_argument("--java-opts", default="", help="SWITCHBOARD_JAVA_OPTS for the gateway (default: none)")
    ap.add_argument("--io-threads", default="", help="gateway.ioThreads (default: the gateway's own, auto: virtual "
                    "on this loopback listener; platform is what a gateway beyond loopback gets)")
    ap.add_argument("--trickle-connections", type=int, default=500)
    ap.add_argument("--expect-requests", type=int, default=100000, help="at most this many (also bounded by time)")
    ap.add_argument("--expect-threads", type=int, default=8)
    ap.add_argument("--slow-sessions", type=int, default=6)
    ap.add_argument("--slow-calls", type=int, default=2, help="never-read slow calls per session")
    ap.add_argument("--slow-steps", type=int, default=20000, help="progress events per slow call")
    ap.add_argument("--sse-streams", type=int, default=1500)
    ap.add_argument("--slowloris-connections", type=int, default=5000)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "RELIABILITY.md"))
    ap.add_argument("--keep-home", action="store_true", help="keep the gateway's temporary home (logs) at the end")
    ap.add_argument("--section", default="main", help="which marked section of --out the report replaces")
    ap.add_argument("--slow-server", default="fixture", help="server of the slow consumers: fixture (a child per "
                    "session) or shared (one child for all)")
    ap.add_argument("--no-write", action="store_true", help="print the report only")
    args = ap.parse_args()
    attacks = [a for a in args.only.split(",") if a]
    for a in attacks:
        if a not in RUNNERS:
            sys.exit("chaos: unknown attack %r; known: %s" % (a, ", ".join(ATTACKS)))
    # Ctrl-C and SIGTERM both stop the run and the gateway (SIGINT explicitly: a background job starts with it ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    jdk = find_jdk()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = loadavg()
    gw = Gateway(jdk, args.java_opts, args.io_threads)
    log("gateway pid %d on port %d, home %s", gw.pid, gw.port, gw.home)
    sampler = None
    report = []
    try:
        note = machine_note(jdk, gw)
        sampler = Sampler(gw, args.heap_every)
        sampler.phase = "baseline"
        time.sleep(args.baseline)
        base_s = [s for s in sampler.samples if s[1] == "baseline"]
        rows = metric_rows(base_s, [h for h in sampler.heaps if h[1] == "baseline"])
        base = {k: statistics.median(v) for k, v in rows.items() if v}
        lat = [s[2] for s in base_s if s[2] is not None]
        base.update(lat50=pct(lat, 50), latmax=max(lat) if lat else None, live=None)
        sampler.phase = "baseline:gc"
        live = live_heap_kib(jdk, gw.pid)
        base["live"] = live / 1024 if live else None
        results = []
        logs_before = log_counts(gw.home)
        for name in attacks:
            log("%s: %s for %d s (load average %s)", name, TITLES[name], args.duration, loadavg())
            sampler.phase = name
            summary = RUNNERS[name](gw.port, args.duration, args)
            sampler.phase = name + ":after"
            log("%s: %s", name, summary)
            time.sleep(args.after)
            sampler.phase = name + ":gc"
            live = live_heap_kib(jdk, gw.pid)
            events, top = histogram(jdk, gw.pid)
            summary += (". After it (a full GC): %d stream events (`EventStream$Event`) retained; most bytes: %s"
                        % (events, ", ".join(top)))
            logs_now = log_counts(gw.home)
            seen = ", ".join("%s %d" % (k, logs_now[k] - logs_before[k]) for k in LOG_PATTERNS)
            logs_before = logs_now
            results.append((name, summary + ". In the gateway's log meanwhile: " + seen, live / 1024 if live else None,
                            loadavg()))
        if SLOW_SESSIONS:
            sampler.phase = "cleanup"
            deleted = delete_sessions(gw.port, args.slow_server, SLOW_SESSIONS)
            time.sleep(3)
            live = live_heap_kib(jdk, gw.pid)
            events, top = histogram(jdk, gw.pid)
            cleanup = ("Then the slow consumers' %d sessions were ended with DELETE (%d answered 2xx): live heap after a "
                       "full GC %s MiB, %d stream events retained, %s sessions left." % (
                           len(SLOW_SESSIONS), deleted, fmt(live / 1024 if live else None), events,
                           (health(gw.port, 5)[1] or {}).get("activeSessions", "?")))
        else:
            cleanup = None
        sampler.phase = "end"
        sampler.stop()
        alive = gw.proc.poll() is None
        gw.was_alive = alive
        report.append("Run %s with `%s` (default durations unless shown)." % (
            started, " ".join(["bench/chaos.py"] + sys.argv[1:])))
        report.append("")
        report.append("Machine: %s. Load average (1/5/15 min) at the start: %s — other builds and tests were running "
                      "on the same 2 cores, so latencies include their CPU contention." % (note, load_before))
        report.append("")
        report.append("Baseline (%d s idle, medians): RSS %s MiB, heap used %s MiB (%s MiB live after a full GC), "
                      "`/health` p50 %s ms." % (args.baseline, fmt(base.get("RSS (MiB)")),
                                                fmt(base.get("heap used, sampled (MiB)")), fmt(base.get("live")),
                                                fmt2(base.get("lat50"))))
        for name, summary, live_after, load in results:
            report.append("")
            report.append("### %s" % TITLES[name])
            report.append("")
            report.append("%s. Load average at its end: %s." % (summary[0].upper() + summary[1:], load))
            report.append("")
            report.extend(phase_table(name, sampler, base, live_after))
        if cleanup:
            report.append("")
            report.append(cleanup)
        report.append("")
        report.append("The gateway was %s at the end of the run." % ("still up" if alive else "DEAD"))
    except KeyboardInterrupt:
        log("interrupted: stopping the gateway")
    finally:
        if sampler:
            sampler.stop()
        left = gw.stop()
        if left:
            log("killed %d fixture children left behind: %s", len(left), left)
            report.append("")
            report.append("**%d fixture children outlived the gateway's shutdown** (killed by the harness)." % len(left))
    if not report:
        shutil.rmtree(gw.home, ignore_errors=True)
        sys.exit(1)
    text = "\n".join(report)
    print(text)
    if not args.no_write:
        write_doc(args.out, text, args.section)
        log("written to %s", args.out)
    if alive_at_end(gw) and not args.keep_home:
        shutil.rmtree(gw.home, ignore_errors=True)
    else:
        log("the gateway's home (its log in run.out and logs/) is kept: %s", gw.home)


if __name__ == "__main__":
    main()
