#!/usr/bin/env python3
"""Large histories: writes a history of about SIZE MB (default 200) without state.json, then
measures rituald's start to READY=1 and peak memory, and `ritualctl history` and `stats`.

Usage: scripts/make/bench-history.py BIN_DIR [--mb SIZE]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rituals_run import Rituald, proc_status  # noqa: E402

IDS = ["evening-check-in", "eye-contact", "date-night", "weekly-walk", "vulnerability", "gratitude", "kiss"]


def write_history(path, megabytes):
    t = 1_500_000_000_000_000
    n = size = 0
    with open(path, "w") as f:
        while size < megabytes * 1024 * 1024:
            ritual = IDS[n % len(IDS)]
            t += 60_000_000
            if n % 3 == 2:
                line = '{"at":%d,"event":"snoozed","occurrence":%d,"ritual":"%s","until":%d}\n' % (
                    t + 9, t, ritual, t + 600_000_000)
            else:
                event = "fired" if n % 3 == 0 else "done"
                line = '{"at":%d,"event":"%s","occurrence":%d,"prompt":"Take turns","ritual":"%s"}\n' % (
                    t + 5, event, t, ritual)
            f.write(line)
            size += len(line)
            n += 1
    return n


def peak_kib(command):
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    seconds, kib = p.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--mb", type=int, default=200)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="rituals-bench-history-")
    state = os.path.join(work, "state")
    os.makedirs(state)
    records = write_history(os.path.join(state, "history.jsonl"), args.mb)
    daemon = Rituald(os.path.join(args.bin, "rituald"), work, ["--defaults"], timeout=600)
    ready = daemon.ready_after
    hwm = int(proc_status(daemon.pid)["VmHWM"].split()[0])
    daemon.stop()
    os.unlink(os.path.join(state, "state.json"))
    ctl = os.path.join(args.bin, "ritualctl")
    history = peak_kib([ctl, "history", "--state-dir", state])
    stats = peak_kib([ctl, "stats", "--state-dir", state])
    print(f"| {args.mb} MB history ({records:,} records), no state.json: rituald start to READY, peak RSS "
          f"| {ready:.1f} s, {hwm // 1024} MiB |")
    print(f"| `ritualctl history` of it (every record printed) | {history[0]:.1f} s, {history[1] // 1024} MiB |")
    print(f"| `ritualctl stats` of it | {stats[0]:.1f} s, {stats[1] // 1024} MiB |")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
