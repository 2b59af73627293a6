# Launch -> initialize time of `switchboard bridge switchboard` with a daemon running (SWITCHBOARD_HOME set):
#   python3 bench/bridge-start.py [RUNS]        (LAUNCHER=path/to/switchboard to time another build)
# Wall time to the initialize answer, and the bridge's CPU time (user + sys, from /proc) at that moment, which a
# loaded machine inflates far less than wall time. One warm-up run first; medians of the rest.
import json, os, statistics, subprocess, sys, time

LAUNCHER = os.environ.get("LAUNCHER") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bin",
                                                      "switchboard")
INIT = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
                   "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}) + "\n"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICK


def once():
    t0 = time.monotonic()
    p = subprocess.Popen([LAUNCHER, "bridge", "switchboard"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    p.stdin.write(INIT.encode())
    p.stdin.flush()
    line = p.stdout.readline()
    wall = (time.monotonic() - t0) * 1000
    cpu = cpu_ms(p.pid)
    assert b'"result"' in line, line
    p.stdin.close()
    p.wait()
    return wall, cpu


runs = [once() for _ in range(1 + (int(sys.argv[1]) if len(sys.argv) > 1 else 10))][1:]
walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
print("wall median %.0f ms (min %.0f, max %.0f); CPU median %.0f ms (min %.0f)"
      % (statistics.median(walls), min(walls), max(walls), statistics.median(cpus), min(cpus)))
