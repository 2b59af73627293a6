#!/usr/bin/env python3
"""Light use of a fresh daemon: starts bin/switchboard on a new home whose one server is bench/children/echo_server.py
(`shared`), opens one session on /mcp/echo and makes sequential `echo` calls a short pause apart, as a few clients at a
human pace do. Prints the median wall time per call for calls 1-50, 51-200, 201-1,000 and the rest, and the daemon's
CPU seconds for the whole run; then stops the daemon.

    bench/light-use.py [--java-opts "-XX:..."] [--calls 3000] [--pause-ms 2]

--java-opts becomes SWITCHBOARD_JAVA_OPTS for the daemon (compare JVM options in alternating runs). Linux only (/proc).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "bin", "switchboard")


def main():
    parser = argparse.ArgumentParser(description="sequential calls against a fresh daemon")
    parser.add_argument("--java-opts", default="")
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--pause-ms", type=float, default=2)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="light-use-")
    env = dict(os.environ, SWITCHBOARD_HOME=home, SWITCHBOARD_JAVA_OPTS=args.java_opts)
    try:
        latencies, cpu = run(home, env, args)
    finally:
        subprocess.run([LAUNCHER, "stop"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        shutil.rmtree(home, ignore_errors=True)
    spans = [(0, 50), (50, 200), (200, 1000), (1000, len(latencies))]
    medians = " · ".join(f"{statistics.median(latencies[a:b]):.2f}" for a, b in spans if b > a)
    print(f"java opts '{args.java_opts}': median ms per call, calls 1-50 · 51-200 · 201-1000 · rest: {medians}; "
          f"daemon CPU {cpu:.1f} s")


def run(home, env, args):
    config = os.path.join(home, "config.json")
    child = os.path.join(ROOT, "bench", "children", "echo_server.py")
    with open(config, "w") as f:
        json.dump({"mcpServers": {"echo": {"command": "python3", "args": [child], "sharing": "shared"}}}, f)
    subprocess.run([LAUNCHER, "start", "--config", config, "--port", "0"], env=env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, check=True)
    with open(os.path.join(home, "state.json")) as f:
        state = json.load(f)
    session = Session(f"http://127.0.0.1:{state['port']}/mcp/echo")
    session.post({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "light-use", "version": "1"}}})
    session.post({"jsonrpc": "2.0", "method": "notifications/initialized"})
    latencies = []
    for i in range(1, args.calls + 1):
        started = time.perf_counter()
        session.post({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                      "params": {"name": "echo", "arguments": {"text": "hi"}}})
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(args.pause_ms / 1000)
    return latencies, cpu_seconds(state["pid"])


class Session:
    def __init__(self, url):
        self.url = url
        self.id = None

    def post(self, body):
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if self.id:
            headers["Mcp-Session-Id"] = self.id
        request = urllib.request.Request(self.url, json.dumps(body).encode(), headers)
        with urllib.request.urlopen(request) as response:
            self.id = response.headers.get("Mcp-Session-Id") or self.id
            return response.read()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
