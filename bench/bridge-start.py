# Launch -> initialize time of `switchboard bridge switchboard` with a daemon running (SWITCHBOARD_HOME set): python3 bench/bridge-start.py
import subprocess, time, json, statistics, sys, os
LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bin", "switchboard")
init = json.dumps({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}) + "\n"
times = []
for i in range(11):
    t0 = time.monotonic()
    p = subprocess.Popen([LAUNCHER, "bridge", "switchboard"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdin.write(init.encode()); p.stdin.flush()
    line = p.stdout.readline()
    t1 = time.monotonic()
    assert b'"result"' in line, line
    p.stdin.close(); p.wait()
    if i > 0: times.append((t1 - t0) * 1000)
print("median %.0f ms, min %.0f, max %.0f" % (statistics.median(times), min(times), max(times)))
