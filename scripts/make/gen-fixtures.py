#!/usr/bin/env python3
"""Builds the oracle tables the test suite reads: systemd-analyze for calendar expressions,
python-dateutil for RFC 5545 recurrences. The suite itself never runs the oracles.

Usage: scripts/make/gen-fixtures.py OUTDIR [--seed N]
"""
import random
import signal
import subprocess
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham",
         "America/Sao_Paulo", "Asia/Kolkata", "Europe/Dublin"]
BASES = [1764000000, 1774652400, 1774742400, 1792880000, 1792888200, 1772934000, 1793509200,
         1775311200, 1790949600, 1775300000, 1790600000, 1700000000, 1798761599, 1830297600]
ITER = 6


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def oracle_calendar(expr, tz, base):
    p = subprocess.run(["systemd-analyze", "calendar", f"--base-time=@{base}", f"--iterations={ITER}", expr],
                       env={"TZ": tz, "PATH": "/usr/bin:/bin", "SYSTEMD_COLORS": "0"},
                       capture_output=True, text=True)
    if p.returncode != 0:
        if "Failed to determine next elapse" in p.stderr:
            return "SEARCH", []
        return None
    norm, times, local = None, [], []
    for line in p.stdout.splitlines():
        label, _, value = line.strip().partition(": ")
        if label == "Normalized form":
            norm = value
        elif label in ("Next elapse", "(in UTC)") or label.startswith("Iter."):
            if value == "never":
                continue
            if label == "(in UTC)":
                local[-1] = value
            else:
                local.append(value)
    for v in local:
        parts = v.split(" ")
        stamp = datetime.strptime(parts[1] + " " + parts[2], "%Y-%m-%d %H:%M:%S")
        if parts[3] != "UTC" or tz != "UTC" and not v.endswith("UTC"):
            pass
        times.append(int(stamp.replace(tzinfo=timezone.utc).timestamp()) if parts[3] == "UTC" else None)
    if any(t is None for t in times):
        raise SystemExit(f"could not read UTC time for {expr!r} in {tz}: {p.stdout}")
    return norm, times


WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WDL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def rnd_case(s):
    return random.choice([s, s.lower(), s.upper()])


def rnd_weekdays():
    parts = []
    for _ in range(random.randint(1, 3)):
        a = random.randrange(7)
        name = lambda i: rnd_case(random.choice([WD, WDL])[i])
        if random.random() < 0.4:
            b = random.randrange(a, 7)
            parts.append(name(a) + random.choice(["..", "-"]) + name(b))
        else:
            parts.append(name(a))
    return ",".join(parts)


def rnd_field(lo, hi, width=2, allow_star=True, frac=False):
    """One field: `*`, or a list mixing values, ranges, repetitions (`/1` among them) and ranges
    with repetitions; fractions of a second in the seconds field, on any of them."""
    if allow_star and random.random() < 0.25:
        return "*"
    items = []
    for _ in range(random.choice([1, 1, 2, 2, 3, 4])):
        a = random.randint(lo, hi)
        def fmt(v):
            s = str(v).zfill(random.choice([1, width]))
            if frac and random.random() < 0.2:
                s += "." + str(random.randint(0, 999999)).zfill(random.choice([1, 3, 6]))
            return s
        def step():
            n = random.choice([1, 1, random.randint(1, max(1, (hi - lo) // 2))])
            text = str(n)
            if frac and random.random() < 0.15:
                text += "." + str(random.randint(1, 999)).zfill(3)
            return text
        r = random.random()
        if r < 0.2:
            items.append(fmt(a) + ".." + fmt(random.randint(a, hi)))
        elif r < 0.4:
            items.append(fmt(a) + "/" + step())
        elif r < 0.5:
            items.append(fmt(a) + ".." + fmt(random.randint(a, hi)) + "/" + step())
        else:
            items.append(fmt(a))
    return ",".join(items)


def rnd_calendar():
    r = random.random()
    if r < 0.05:
        return rnd_case(random.choice(["minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually",
                                       "quarterly", "semiannually", "semi-annually"]))
    out = []
    if random.random() < 0.4:
        out.append(rnd_weekdays())
    d = random.random()
    if d < 0.3:
        y = random.choice(["*", rnd_field(2024, 2030, 4, False), rnd_field(24, 30, 2, False)])
        sep = "~" if random.random() < 0.15 else "-"
        out.append(y + "-" + rnd_field(1, 12) + sep + (rnd_field(1, 28) if sep == "~" else rnd_field(1, 31)))
    elif d < 0.45:
        out.append(rnd_field(1, 12) + random.choice(["-", "-", "~"]) + rnd_field(1, 28))
    t = random.random()
    if t < 0.85:
        tm = rnd_field(0, 23) + ":" + rnd_field(0, 59)
        if random.random() < 0.5:
            tm += ":" + rnd_field(0, 59, frac=True)
        out.append(tm)
    z = random.random()
    if z < 0.1:
        out.append(random.choice(["UTC", "utc"]))
    elif z < 0.25:
        out.append(random.choice(ZONES[1:]))
    return " ".join(out) if out else "*-*-* 00:00"


def mutate(s):
    i = random.randrange(len(s) + 1)
    op = random.random()
    if op < 0.4:
        return s[:i] + random.choice("x.-,:~/*@ 9Z") + s[i:]
    if op < 0.7 and s:
        return s[:i] + s[i + 1:]
    return s[:i] + s[i:][::-1]


DST_EXPRS = ["*-*-* 02:30", "*-*-* 01:30", "*-*-* *:30", "*-*-* *:00/20", "*-*-* 02:*:00", "*-*-* 03:00",
             "*-*-* 00:00", "*-*-* 01:59:59", "*-*-* *:15,45", "Sun *-*-* 02:00..03:00/30:00",
             "*-*-* 02:45", "*-*-* 01:45", "*-*-* 03:45", "*-*-* 02:15:30", "*-*~1 02:30"]


def calendar_cases(n):
    cases = set()
    for e in DST_EXPRS:
        for tz in ZONES[1:6]:
            cases.add((tz, random.choice(BASES[1:11]), e))
    while len(cases) < n:
        e = rnd_calendar()
        if random.random() < 0.25:
            e = mutate(e)
        cases.add((random.choice(ZONES), random.choice(BASES), e))
    rows = []
    for tz, base, e in sorted(cases):
        res = oracle_calendar(e, tz, base)
        if res is not None and res[0] == "SEARCH":
            rows.append("\t".join([tz, str(base), esc(e), "SEARCH", ""]))
        elif res is None:
            rows.append("\t".join([tz, str(base), esc(e), "ERR", ""]))
        else:
            rows.append("\t".join([tz, str(base), esc(e), esc(res[0]), ",".join(map(str, res[1]))]))
    return rows


FREQS = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def rnd_rule(start, aware):
    f = random.choices(FREQS, weights=[4, 5, 5, 4, 2, 1, 1])[0]
    parts = ["FREQ=" + f]
    if random.random() < 0.5:
        parts.append("INTERVAL=" + str(random.choice([1, 2, 2, 3, 4, 5])))
    if random.random() < 0.35:
        parts.append("COUNT=" + str(random.randint(1, 40)))
    elif random.random() < 0.2:
        u = start.replace(year=start.year + random.randint(0, 3), month=random.randint(1, 12), day=1)
        parts.append("UNTIL=" + u.strftime("%Y%m%dT%H%M%S") + ("Z" if aware else ""))
    sub = FREQS.index(f) >= 4
    if random.random() < 0.3:
        parts.append("BYMONTH=" + ",".join(str(m) for m in sorted(random.sample(range(1, 13), random.randint(1, 4)))))
    if random.random() < 0.4:
        if f in ("MONTHLY", "YEARLY") and random.random() < 0.5:
            parts.append("BYDAY=" + ",".join(random.choice(["", "+"]) + str(random.choice([1, 2, 3, 4, -1, -2])) + d
                                             for d in random.sample(DAYS, random.randint(1, 2))))
        else:
            parts.append("BYDAY=" + ",".join(random.sample(DAYS, random.randint(1, 4))))
    if f != "WEEKLY" and random.random() < 0.3:
        parts.append("BYMONTHDAY=" + ",".join(str(random.choice([1, 2, 13, 15, 28, 29, 30, 31, -1, -2, -7]))
                                              for _ in range(random.randint(1, 3))))
    if f in ("YEARLY", "HOURLY", "MINUTELY", "SECONDLY") and random.random() < 0.15:
        parts.append("BYYEARDAY=" + ",".join(str(random.choice([1, 60, 100, 200, 365, 366, -1, -100]))
                                             for _ in range(random.randint(1, 3))))
    if f == "YEARLY" and random.random() < 0.2 and not any(p.startswith("BYDAY=") and any(c.isdigit() for c in p)
                                                            for p in parts):
        parts.append("BYWEEKNO=" + ",".join(str(random.choice([1, 2, 10, 20, 52, 53, -1, -2]))
                                            for _ in range(random.randint(1, 2))))
    if random.random() < 0.3 and not sub:
        parts.append("BYHOUR=" + ",".join(str(h) for h in sorted(random.sample(range(24), random.randint(1, 3)))))
    if random.random() < 0.25 and f not in ("SECONDLY",):
        parts.append("BYMINUTE=" + ",".join(str(m) for m in sorted(random.sample(range(0, 60, 5), random.randint(1, 2)))))
    if random.random() < 0.15 and not sub:
        parts.append("BYSECOND=" + ",".join(str(s) for s in sorted(random.sample(range(60), random.randint(1, 2)))))
    if len(parts) > 1 and any(p.startswith("BY") for p in parts) and random.random() < 0.2:
        parts.append("BYSETPOS=" + ",".join(str(random.choice([1, 2, -1, -2, 3])) for _ in range(random.randint(1, 2))))
    if random.random() < 0.2:
        parts.append("WKST=" + random.choice(DAYS))
    random.shuffle(parts)
    return ";".join(parts)


def rrule_cases(n):
    rows = []
    tries = 0
    while len(rows) < n and tries < n * 20:
        tries += 1
        tz = random.choice(ZONES)
        kind = random.choice(["floating", "floating", "tzid", "utc"])
        zone = random.choice(ZONES[1:]) if kind == "tzid" else tz
        start = datetime(random.choice([2024, 2025, 2026]), random.randint(1, 12), random.randint(1, 28),
                         random.randint(0, 23), random.choice([0, 0, 15, 30, 45]), random.choice([0, 0, 30]))
        if random.random() < 0.15:
            # Start on a daylight-saving day, at a time that is missing or repeated.
            start = random.choice([datetime(2026, 3, 29, 2, 30), datetime(2026, 10, 25, 2, 30),
                                   datetime(2026, 3, 8, 2, 30), datetime(2026, 11, 1, 1, 30),
                                   datetime(2026, 4, 5, 1, 45), datetime(2026, 10, 4, 2, 15)])
        aware = kind != "floating"
        head = {"floating": "DTSTART:" + start.strftime("%Y%m%dT%H%M%S"),
                "tzid": f"DTSTART;TZID={zone}:" + start.strftime("%Y%m%dT%H%M%S"),
                "utc": "DTSTART:" + start.strftime("%Y%m%dT%H%M%SZ")}[kind]
        lines = [head, "RRULE:" + rnd_rule(start, aware)]
        if random.random() < 0.15:
            lines.append("RRULE:" + rnd_rule(start, aware))
        text = "\n".join(lines)
        try:
            signal.setitimer(signal.ITIMER_REAL, 0.5)
            rule = rrulestr(text)
            occ = []
            for i, dt in enumerate(rule):
                if i > 20000:
                    break
                occ.append(dt)
            signal.setitimer(signal.ITIMER_REAL, 0)
        except Exception:
            signal.setitimer(signal.ITIMER_REAL, 0)
            continue
        wallzone = ZoneInfo(zone if kind == "tzid" else ("UTC" if kind == "utc" else tz))
        instants = []
        for dt in occ:
            naive = dt.replace(tzinfo=None)
            instants.append(int(naive.replace(tzinfo=wallzone, fold=0).timestamp()))
        if random.random() < 0.25 and instants:
            # Exclude one occurrence and add one more, both written in DTSTART's form.
            ex = occ[len(occ) // 2].replace(tzinfo=None)
            extra = ex.replace(minute=(ex.minute + 7) % 60)
            fmt = lambda d: d.strftime("%Y%m%dT%H%M%S")
            if kind == "tzid":
                lines += [f"EXDATE;TZID={zone}:" + fmt(ex), "RDATE:" + fmt(extra)]
            elif kind == "utc":
                lines += ["EXDATE:" + fmt(ex) + "Z", "RDATE:" + fmt(extra) + "Z"]
            else:
                lines += ["EXDATE:" + fmt(ex), "RDATE:" + fmt(extra)]
            if kind == "tzid":
                lines[-1] = f"RDATE;TZID={zone}:" + fmt(extra)
                # dateutil reads RDATE without a zone; give it the instant directly.
            exi = int(ex.replace(tzinfo=wallzone, fold=0).timestamp())
            exti = int(extra.replace(tzinfo=wallzone, fold=0).timestamp())
            instants = [t for t in instants if t != exi] + [exti]
            text = "\n".join(lines)
        instants = sorted(set(instants))
        base = random.choice([int(start.replace(tzinfo=wallzone).timestamp()) - 86400 * random.randint(0, 400),
                              random.choice(BASES)])
        after = [t for t in instants if t > base][:8]
        if len(occ) > 20000 and len(after) < 8:
            continue
        rows.append("\t".join([tz, str(base), esc(text), ",".join(map(str, after))]))
    return rows


class Slow(Exception):
    pass


def on_alarm(signum, frame):
    raise Slow()


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    out = sys.argv[1]
    random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 5545)
    if "--rrule-only" not in sys.argv:
      with open(f"{out}/calendar.tsv", "w") as f:
        f.write("# tz\tbase\texpression\tnormalized, ERR (refused) or SEARCH (search gave up)\tnext elapses (UTC seconds), from systemd-analyze 252\n")
        f.write("\n".join(calendar_cases(2500)) + "\n")
    with open(f"{out}/rrule.tsv", "w") as f:
        f.write("# tz\tbase\ttext\toccurrences after base (UTC seconds), from python-dateutil + RFC 5545 3.3.5\n")
        f.write("\n".join(rrule_cases(800)) + "\n")


if __name__ == "__main__":
    main()
