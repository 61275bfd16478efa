#!/usr/bin/env python3
"""`make bench`: one Markdown table of rituald's figures beside cron, Remind, systemd-analyze and
python-dateutil, measured in one run on this machine (release build, static Swift runtime).
Usage: scripts/make/bench.py BIN_DIR [--deb PATH] [--idle SECONDS] [--fires N]"""
import argparse, datetime, json, os, platform, shutil, socket, statistics, subprocess, sys, tempfile, time, zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import bench_footprint, bench_ntfy, bench_phone
from rituals_run import Rituald, context_switches, proc_status

parser = argparse.ArgumentParser()
parser.add_argument("bin")
parser.add_argument("--deb", help="the package `make package` built, for its sizes")
parser.add_argument("--idle", type=int, default=120)
parser.add_argument("--fires", type=int, default=110)
parser.add_argument("--only", help="run one step: idle, footprint, lateness, engine, preview, control, scale, shared or phone")
args = parser.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
rituald, ctl = os.path.join(args.bin, "rituald"), os.path.join(args.bin, "ritualctl")
work = tempfile.mkdtemp(prefix="rituals-bench-")
rows = []


def row(what, ours, others="", target=""):
    rows.append((what, ours, others, target))
    print(f"  {what}: {ours} {others}", file=sys.stderr, flush=True)


def median_of(runs, command, env=None):
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.monotonic() - t0)
    return statistics.median(times)


class Daemon(Rituald):
    """rituald with its own state, socket and NOTIFY_SOCKET in the bench's folder; `ready` is how
    long it took to say READY=1."""

    def __init__(self, tag, extra, env=None):
        super().__init__(rituald, os.path.join(work, tag), extra, env=env)
        self.ready = self.ready_after


def status(pid):
    return proc_status(pid)


def switches(pid):
    return context_switches(pid)


def mib(kb_text):
    return int(kb_text.split()[0]) / 1024


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def fire_lateness(state_dir, ids=None):
    """Milliseconds from each occurrence to its firing record."""
    late = []
    path = os.path.join(state_dir, "history.jsonl")
    for line in open(path) if os.path.exists(path) else []:
        r = json.loads(line)
        if r["event"] == "fired" and (ids is None or r["ritual"] in ids):
            late.append((r["at"] - r["occurrence"]) / 1000)
    return late


def journal_lateness(ritual_id):
    out = subprocess.run(["journalctl", "-o", "json", "--no-pager", f"RITUAL_ID={ritual_id}", "RITUAL_EVENT=fired"],
                         capture_output=True, text=True).stdout
    return [(int(e["__REALTIME_TIMESTAMP"]) - int(e["RITUAL_SCHEDULED_USEC"])) / 1000
            for e in map(json.loads, filter(None, out.splitlines()))]


def idle():
    """rituald, cron and Remind side by side on the same ten schedules, idle for args.idle s."""
    crontab = os.path.join(work, "crontab")
    with open(crontab, "w") as f:
        for line in ["0 18 * * 0", "0 19 1-7 * *", "0 10 * * 6", "30 19 * * 3", "0 20 * * *", "0 21 * * *",
                     "0 19 * * 5", "30 21 * * *", "0 19 * * 4", "30 20 * * 2"]:
            f.write(f"{line} /bin/true\n")
    reminders = os.path.join(work, "reminders.rem")
    with open(reminders, "w") as f:
        f.write("REM Sun AT 18:00 MSG look inward\nREM Sun 1 AT 19:00 MSG inventory\nREM Sat AT 10:00 MSG walk\n"
                "REM Wed AT 19:30 MSG self-care\nREM AT 20:00 MSG device-free\nREM AT 21:00 MSG eye contact\n"
                "REM Fri AT 19:00 MSG date night\nREM AT 21:30 MSG check-in\nREM Thu AT 19:00 MSG love\n"
                "REM Tue AT 20:30 MSG open up\nREM AT 23:59 MSG keeps remind -z running today\n")
    others = {}
    if os.geteuid() == 0 and shutil.which("cron") and shutil.which("unshare"):
        # A private mount namespace: cron reads only this crontab, its pid file goes to a tmpfs.
        script = (f"mount -t tmpfs tmpfs /var/spool/cron/crontabs && cp {crontab} /var/spool/cron/crontabs/root && "
                  "chmod 600 /var/spool/cron/crontabs/root && mount -t tmpfs tmpfs /etc/cron.d && "
                  f"mount --bind {os.devnull} /etc/crontab && mount -t tmpfs tmpfs /run && exec cron -f")
        others["cron -f"] = subprocess.Popen(["unshare", "-m", "sh", "-c", script], stderr=subprocess.DEVNULL)
    if shutil.which("remind"):
        others["remind -z1"] = subprocess.Popen(["remind", "-z1", reminders], stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL)
    daemon = Daemon("idle", ["--defaults"])
    time.sleep(10)  # let start-up workers end; cron and Remind settle too
    procs = {"rituald": daemon.process, **others}
    before = {name: switches(p.pid) for name, p in procs.items()}
    time.sleep(args.idle)
    result = {}
    for name, p in procs.items():
        after = switches(p.pid)
        count = sum(after[t] - before[name].get(t, 0) for t in after)
        s = status(p.pid)
        result[name] = (count, mib(s["VmRSS"]), mib(s["RssAnon"]))
    daemon.stop()
    for p in others.values():
        p.terminate()
        p.wait()
    n, rss, anon = result["rituald"]
    others_text = "; ".join(f"{k}: {v[0]}" for k, v in result.items() if k != "rituald")
    row(f"context switches of all threads over {args.idle} s idle", f"{n}", others_text, "0")
    others_text = "; ".join(f"{k}: {v[1]:.1f} / {v[2]:.1f} MiB" for k, v in result.items() if k != "rituald")
    row("resident memory idle on the built-in rituals (RSS / private RssAnon)", f"{rss:.1f} / {anon:.1f} MiB",
        others_text, "RSS ≤ 12 MB")


def footprint():
    for r in bench_footprint.sizes(args.bin, args.deb) + bench_footprint.memory(args.bin, work):
        row(*r)


def phone():
    for r in bench_phone.rows(args.bin, work) + bench_ntfy.rows(args.bin, work):
        row(*r)


def lateness():
    rid = f"tick-{os.getpid()}"
    config = os.path.join(work, "tick.toml")
    with open(config, "w") as f:
        f.write(f'[[ritual]]\nid = "{rid}"\ntitle = "Tick"\nwhen = "*:*:*"\nquiet_hours = "ignore"\n')
    daemon = Daemon("tick", ["--config", config])
    time.sleep(args.fires + 0.5)
    daemon.stop()
    late = journal_lateness(rid)
    source = "journal `__REALTIME_TIMESTAMP` − `RITUAL_SCHEDULED_USEC`"
    if len(late) < args.fires // 2:
        late, source = fire_lateness(os.path.join(daemon.dir, "state")), "history record − occurrence"
    row(f"fire lateness, a ritual every second, {len(late)} fires ({source})",
        f"median {statistics.median(late):.2f} ms, p99 {percentile(late, 0.99):.2f} ms",
        "cron, Remind: to the minute", "p99 < 5 ms")


def engine():
    out = subprocess.run([os.path.join(args.bin, "rituals-bench")], capture_output=True, text=True, check=True).stdout
    ours = int(next(l for l in out.splitlines() if l.startswith("rrule")).split(": ")[1].split()[0])
    code = ("import statistics, time\nfrom dateutil.rrule import rrulestr\n"
            "rule = rrulestr('DTSTART;TZID=Europe/Berlin:20260102T190000\\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR')\n"
            "rates = []\nfor _ in range(5):\n    t = time.perf_counter()\n"
            "    n = sum(1 for _ in zip(range(200_000), rule))\n    rates.append(n / (time.perf_counter() - t))\n"
            "print(int(statistics.median(rates)))\n")
    theirs = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    row("occurrences of `FREQ=WEEKLY;INTERVAL=2;BYDAY=FR` per second (one core, median of 5)", f"{ours / 1e6:.1f} M",
        f"python-dateutil: {theirs / 1e6:.2f} M ({ours / theirs:.0f}×)")
    calendar = int(next(l for l in out.splitlines() if l.startswith("calendar")).split(": ")[1].split()[0])
    row("next elapse of `Mon..Fri *-*-* 21:00 Europe/Berlin` per second", f"{calendar / 1e6:.2f} M")


def preview():
    env = dict(os.environ, TZ=":/etc/localtime")  # systemd-analyze's fastest case: no zone file stat per line
    ours = median_of(5, [ctl, "calendar", "--iterations=100000", "hourly"], env)
    ours_json = median_of(5, [ctl, "calendar", "--iterations=100000", "--json", "hourly"], env)
    sa = median_of(5, ["systemd-analyze", "calendar", "--iterations=100000", "hourly"], env)
    code = ("import datetime, sys\nfrom dateutil.rrule import rrulestr\n"
            "r = rrulestr('FREQ=HOURLY', dtstart=datetime.datetime.now().replace(minute=0, second=0, microsecond=0))\n"
            "sys.stdout.write(''.join(d.isoformat() + '\\n' for d, _ in zip(r, range(100000))))\n")
    du = median_of(5, [sys.executable, "-c", code], env)
    row("100,000-elapse preview of `hourly`, whole process (median of 5)",
        f"{ours:.3f} s text, {ours_json:.3f} s JSON",
        f"systemd-analyze calendar: {sa:.3f} s ({sa / ours:.1f}× / {sa / ours_json:.1f}×); "
        f"python-dateutil: {du:.3f} s", "≥ 3× systemd-analyze")


def control():
    readies = []
    for i in range(20):
        d = Daemon(f"ready-{i}", ["--defaults"])
        readies.append(d.ready * 1000)
        d.stop()
    row("start to `READY=1` on the built-in rituals (20 starts)", f"median {statistics.median(readies):.0f} ms")
    d = Daemon("ctl", ["--defaults"])
    rtt = median_of(50, [ctl, "status", "--socket", d.socket]) * 1000
    row("`ritualctl status`, whole process, round trip (50 runs)", f"median {rtt:.1f} ms")
    reloads = []
    for _ in range(10):
        t0 = time.monotonic()
        subprocess.run([ctl, "reload", "--socket", d.socket], check=True, stdout=subprocess.DEVNULL)
        reloads.append((time.monotonic() - t0) * 1000)
    row("`ritualctl reload` until answered (10 runs)", f"median {statistics.median(reloads):.1f} ms")
    d.stop()


def scale():
    config = os.path.join(work, "r5000.toml")
    subprocess.run([sys.executable, os.path.join(here, "gen-rituals.py"), config, "--count", "5000"], check=True)
    check = median_of(5, [ctl, "check", config])
    nxt = median_of(5, [ctl, "next", "--config", config, "--days", "7", "--offline"])
    readies, rss = [], []
    for i in range(5):
        d = Daemon(f"scale-{i}", ["--config", config])
        readies.append(d.ready)
        time.sleep(1)
        rss.append(mib(status(d.process.pid)["VmHWM"]))
        d.stop()
    row("5,000 rituals: `ritualctl check` / `next --days 7` (median of 5)", f"{check:.3f} s / {nxt:.3f} s", "",
        "next < 0.3 s")
    row("5,000 rituals: start to `READY=1`, peak RSS (median of 5 starts)",
        f"{statistics.median(readies):.3f} s, {statistics.median(rss):.1f} MiB", "", "< 0.3 s, < 40 MB")
    # 100 more rituals all due in the same second, 20 s after start.
    # The generated config's rituals run in Europe/Berlin.
    at = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Berlin")) + datetime.timedelta(seconds=20)
    config = os.path.join(work, "same-second.toml")
    subprocess.run([sys.executable, os.path.join(here, "gen-rituals.py"), config, "--count", "5000",
                    "--same-second", "100", "--at", at.strftime("%H:%M:%S")], check=True)
    d = Daemon("same", ["--config", config])
    ids = {f"r{i}" for i in range(5000, 5100)}
    deadline = time.time() + 40
    while time.time() < deadline:
        time.sleep(0.5)
        if len(fire_lateness(os.path.join(d.dir, "state"), ids)) >= 100:
            break
    d.stop()
    late = fire_lateness(os.path.join(d.dir, "state"), ids) or [float("nan")]
    row(f"5,000 rituals, {len(late)} due in the same second: fire lateness (history record − occurrence)",
        f"median {statistics.median(late):.1f} ms, max {max(late):.1f} ms")


def shared():
    """Two rituald sharing one folder: from `ritualctl done` on one to the answer in the other's
    history, and the wake-ups of an idle rituald that follows the folder."""
    folder = os.path.join(work, "shared")
    os.makedirs(folder, mode=0o700)
    daemons = {}
    for me in ("Alex", "Sam"):
        config = os.path.join(work, f"{me}.toml")
        with open(config, "w") as f:
            f.write(f'[settings]\ntimezone = "UTC"\npeople = ["Alex", "Sam"]\nme = "{me}"\n'
                    f'shared_dir = "{folder}"\n[[ritual]]\nid = "walk"\ntitle = "Walk"\n'
                    'when = "*:*:*"\nquiet_hours = "ignore"\n')
        daemons[me] = Daemon(f"shared-{me}", ["--config", config])
    history = os.path.join(daemons["Sam"].dir, "state", "history.jsonl")
    times = []
    # The walk fires every second on both; an answer counts on the other computer only for an
    # occurrence already due there.
    for _ in range(20):
        time.sleep(1.1)
        before = open(history).read().count('"by":"Alex"') if os.path.exists(history) else 0
        t0 = time.monotonic()
        subprocess.run([ctl, "done", "walk", "--socket", daemons["Alex"].socket], check=True,
                       stdout=subprocess.DEVNULL)
        while not (os.path.exists(history) and open(history).read().count('"by":"Alex"') > before):
            if time.monotonic() - t0 > 10:
                sys.exit("bench: Alex's answer did not reach Sam's history within 10 s")
            time.sleep(0.0005)
        times.append((time.monotonic() - t0) * 1000)
    row("two rituald, one folder: `ritualctl done` on one until in the other's history (20 answers)",
        f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms", "", "< 1 s")
    for d in daemons.values():
        d.stop()
    # Idle: nothing due for months, the folder followed.
    idle_config = os.path.join(work, "Sam-idle.toml")
    with open(idle_config, "w") as f:
        f.write(open(os.path.join(work, "Sam.toml")).read().replace('"*:*:*"', '"2027-06-* 10:00"'))
    daemons = {"Sam": Daemon("shared-Sam-idle", ["--config", idle_config])}
    pid = daemons["Sam"].process.pid
    time.sleep(2)
    before = switches(pid)
    time.sleep(30)
    after = switches(pid)
    idle_switches = sum(after[t] - before.get(t, 0) for t in after)
    row("rituald following the shared folder, idle 30 s: context switches", str(idle_switches), "", "0")
    for d in daemons.values():
        d.stop()


cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
for step in (idle, footprint, lateness, engine, preview, control, scale, shared, phone):
    if args.only and step.__name__ != args.only:
        continue
    print(f"bench: {step.__name__}", file=sys.stderr, flush=True)
    step()
print(f"\n{os.cpu_count()} cores, {cpu}, {platform.freedesktop_os_release().get('PRETTY_NAME', 'Linux')}, "
      f"kernel {platform.release()}, {time.strftime('%Y-%m-%d')}\n")
print("| what | rituald | beside it | target |\n|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
shutil.rmtree(work, ignore_errors=True)
