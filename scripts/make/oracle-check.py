#!/usr/bin/env python3
"""Compares `ritualctl calendar --json` with the two reference implementations on freshly
generated cases: systemd-analyze for calendar expressions, python-dateutil for recurrences.

Usage: scripts/make/oracle-check.py RITUALCTL [--cases N] [--seed S]
Prints each disagreement and a closing 'N passed, N failed' line; exits 1 on any disagreement.
"""
import argparse
import json
import random
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import importlib.util

spec = importlib.util.spec_from_file_location("gen", Path(__file__).resolve().parent / "gen-fixtures.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def ours(ritualctl, tz, base, text, count):
    p = subprocess.run([ritualctl, "calendar", "--json", "--tz", tz, f"--base-time=@{base}",
                        f"--iterations={count}", "--", text], capture_output=True, text=True)
    if not p.stdout:
        raise SystemExit(f"ritualctl printed nothing for {text!r} (status {p.returncode}): {p.stderr}")
    item = json.loads(p.stdout)[0]
    if "error" in item:
        search = item["error"].startswith("cannot compute")
        return ("SEARCH" if search else "ERR"), []
    return item["normalized"], [int(datetime.fromisoformat(t).timestamp()) for t in item["next"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ritualctl")
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    args = ap.parse_args()
    random.seed(args.seed)
    signal.signal(signal.SIGALRM, gen.on_alarm)
    print(f"seed {args.seed}")
    passed = failed = 0
    for row in gen.calendar_cases(args.cases):
        tz, base, expr, norm, times = row.split("\t")
        expr = expr.replace("\\t", "\t").replace("\\\\", "\\")
        want = (norm, [int(t) for t in times.split(",") if t])
        got_norm, got_times = ours(args.ritualctl, tz, base, expr, gen.ITER)
        got = (got_norm, got_times)
        if want[0] in ("ERR", "SEARCH"):
            ok = got[0] == want[0]
        else:
            ok = got == want
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"calendar TZ={tz} base=@{base} {expr!r}: systemd {want} ours {got}")
    for row in gen.rrule_cases(max(1, args.cases // 3)):
        tz, base, text, times = row.split("\t")
        text = text.replace("\\n", "\n")
        want = [int(t) for t in times.split(",") if t]
        _, got = ours(args.ritualctl, tz, base, text, 8)
        if got == want:
            passed += 1
        else:
            failed += 1
            print(f"rrule TZ={tz} base=@{base} {text!r}: dateutil {want} ours {got}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
