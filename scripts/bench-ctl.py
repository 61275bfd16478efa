#!/usr/bin/env python3
"""ritualctl speed: `status` as a whole-process round trip to a running rituald, and `stats` over
ten years of daily history. Usage: scripts/bench-ctl.py BIN_DIR [--runs N]"""
import argparse, json, os, socket, statistics, subprocess, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("bin")
parser.add_argument("--runs", type=int, default=50)
args = parser.parse_args()
work = tempfile.mkdtemp(prefix="rituals-ctl-")
sock = os.path.join(work, "control.sock")
notify = os.path.join(work, "notify")
listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
listener.bind(notify)
listener.settimeout(10)
daemon = subprocess.Popen([os.path.join(args.bin, "rituald"), "--defaults", "--state-dir", os.path.join(work, "state"),
                           "--socket", sock], env=dict(os.environ, NOTIFY_SOCKET=notify, PATH="/nonexistent"),
                          stderr=subprocess.DEVNULL)
while b"READY=1" not in listener.recv(4096):
    pass
ctl = os.path.join(args.bin, "ritualctl")


def timed(command, runs):
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append((time.monotonic() - t0) * 1000)
    return statistics.median(times), max(times)


median, worst = timed([ctl, "status", "--socket", sock], args.runs)
print(f"ritualctl status round trip, {args.runs} runs: median {median:.1f} ms, max {worst:.1f} ms")
daemon.terminate()
daemon.wait()

# Ten years of a daily ritual: fired and answered each day (done, a skip each week, a miss a month).
state = os.path.join(work, "history")
os.makedirs(state)
now = int(time.time()) * 1_000_000
day = 86_400_000_000
with open(os.path.join(state, "history.jsonl"), "w") as f:
    for d in range(3650):
        o = now - (3650 - d) * day
        if d % 30 == 29:
            f.write(json.dumps({"at": o, "event": "missed", "occurrence": o, "ritual": "daily"}) + "\n")
            continue
        f.write(json.dumps({"at": o, "event": "fired", "occurrence": o, "ritual": "daily"}) + "\n")
        answer = "skipped" if d % 7 == 6 else "done"
        f.write(json.dumps({"at": o + 60_000_000, "event": answer, "occurrence": o, "ritual": "daily"}) + "\n")
median, worst = timed([ctl, "stats", "--state-dir", state, "--socket", os.path.join(work, "none.sock")], 10)
print(f"ritualctl stats over 10 years of daily history (7,178 records), 10 runs: median {median:.1f} ms, "
      f"max {worst:.1f} ms")
