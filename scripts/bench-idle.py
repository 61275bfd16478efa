#!/usr/bin/env python3
"""rituald's footprint: start to READY=1, resident memory idle on the built-in rituals, and context
switches over an idle minute while the next event is hours away.
Usage: scripts/bench-idle.py RITUALD [--idle SECONDS] [--starts N]"""
import argparse, datetime, os, socket, statistics, subprocess, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("rituald")
parser.add_argument("--idle", type=int, default=60)
parser.add_argument("--starts", type=int, default=20)
args = parser.parse_args()
work = tempfile.mkdtemp(prefix="rituals-idle-")


def start(extra, tag):
    """Starts rituald with a NOTIFY_SOCKET; returns the process and seconds until READY=1."""
    path = os.path.join(work, f"notify-{tag}")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(10)
    env = dict(os.environ, NOTIFY_SOCKET=path, PATH="/nonexistent")
    t0 = time.monotonic()
    p = subprocess.Popen([args.rituald, "--state-dir", os.path.join(work, f"state-{tag}"),
                          "--socket", os.path.join(work, f"control-{tag}.sock")] + extra,
                         env=env, stderr=subprocess.DEVNULL)
    while b"READY=1" not in sock.recv(4096):
        pass
    ready = time.monotonic() - t0
    sock.close()
    os.unlink(path)
    return p, ready


def switches(pid):
    """Context switches of each thread, by thread id."""
    per = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        for line in open(f"/proc/{pid}/task/{task}/status"):
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                per[task] = per.get(task, 0) + int(line.split()[1])
    return per


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])


times = []
for i in range(args.starts):
    p, ready = start(["--defaults"], f"s{i}")
    times.append(ready * 1000)
    if i == 0:
        time.sleep(2)
        rss = rss_kib(p.pid)
    p.terminate()
    p.wait()
print(f"start to READY=1 (--defaults), {args.starts} starts: median {statistics.median(times):.1f} ms, "
      f"max {max(times):.1f} ms")
print(f"resident memory idle on the built-in rituals: {rss / 1024:.1f} MiB")

hour = (datetime.datetime.now().hour + 3) % 24
config = os.path.join(work, "far.toml")
with open(config, "w") as f:
    f.write(f'[settings]\nquiet_hours = "03:00-03:01"\n[[ritual]]\nid = "far"\ntitle = "Far"\n'
            f'when = "*-*-* {hour:02d}:00:00"\nquiet_hours = "ignore"\n')
p, _ = start(["--config", config], "idle")
# Worker threads of the start (sd_notify's queue among them) end by themselves within seconds.
time.sleep(10)
before = switches(p.pid)
time.sleep(args.idle)
after = switches(p.pid)
p.terminate()
p.wait()
woke = sum(after[t] - before[t] for t in after if t in before) + sum(after[t] for t in after if t not in before)
ended = len([t for t in before if t not in after])
print(f"context switches over {args.idle} s idle (next event hours away), all threads: {woke}"
      f" ({len(after)} threads; {ended} ended meanwhile)")
