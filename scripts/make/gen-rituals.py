#!/usr/bin/env python3
"""Writes a config of N generated rituals (default 5000) for the scale benchmarks: calendar
expressions, RFC 5545 recurrences and plain forms mixed, about a third with prompts, some with
windows, durations, heads-ups and reminders. Deterministic for a given N and seed."""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--count", type=int, default=5000)
parser.add_argument("--seed", type=int, default=5)
parser.add_argument("--same-second", type=int, default=0,
                    help="this many extra rituals all due at the given --at (HH:MM:SS)")
parser.add_argument("--at", default="12:00:00")
args = parser.parse_args()
rng = random.Random(args.seed)
days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
bydays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def schedule(i):
    h, m = rng.randrange(7, 22), rng.randrange(60)
    kind = i % 6
    if kind == 0:
        return f"{h:02}:{m:02}"
    if kind == 1:
        return f"{rng.choice(days)} {h:02}:{m:02}"
    if kind == 2:
        return f"{days[rng.randrange(5)]}..{days[rng.randrange(5, 7)]} {h:02}:{m:02}"
    if kind == 3:
        return f"*-*-{rng.randrange(1, 29):02} {h:02}:{m:02}"
    if kind == 4:
        return (f"DTSTART:2026{rng.randrange(1, 13):02}{rng.randrange(1, 29):02}T{h:02}{m:02}00\\n"
                f"RRULE:FREQ=WEEKLY;INTERVAL={rng.randrange(1, 4)};BYDAY={rng.choice(bydays)}")
    return f"every {rng.randrange(2, 5)} weeks on {rng.choice(days).lower()} at {h:02}:{m:02} from 2026-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"


lines = ["[settings]", 'timezone = "Europe/Berlin"', 'partner = "Sam"', ""]
for i in range(args.count + args.same_second):
    lines.append("[[ritual]]")
    lines.append(f'id = "r{i}"')
    lines.append(f'title = "Ritual {i}"')
    when = f"*-*-* {args.at}" if i >= args.count else schedule(i)
    lines.append(f'when = "{when}"')
    if i >= args.count:
        lines.append('quiet_hours = "ignore"')
    elif i % 3 == 0:
        lines.append("prompts = [" + ", ".join(f'"Prompt {k} of {i}"' for k in range(rng.randrange(2, 6))) + "]")
    if i % 7 == 0 and i < args.count:
        lines.append('window = "18:00-21:00"')
    if i % 11 == 0 and i < args.count:
        lines.append('duration = "20m"')
    if i % 13 == 0 and i < args.count:
        lines.append('heads_up = "10m"')
    if i % 17 == 0 and i < args.count:
        lines.append('remind_again = "30m"')
    lines.append("")
with open(args.out, "w") as f:
    f.write("\n".join(lines))
