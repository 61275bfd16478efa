#!/usr/bin/env python3
"""`make stress`, second part: a hostile shared folder and a storm of reloads.

1. While a ritual fires every second, the partner's file in the shared folder becomes a FIFO, a
   50 MB line without a newline, a flood of 200,000 replayed lines, a symbolic link swapped back
   and forth, and false answers (off the schedule, days ahead, given in 2199), beside conflict
   copies: nothing false reaches the history, each true answer is there once, every second fires
   no more than 1 s late, and rituald's memory stays bounded. Prints the flood's figures (peak RSS,
   processor time, worst firing delay).
2. 2,000 reloads (SIGHUP, one at a time): the anonymous memory after them is within 2 MiB of the
   memory after the first 100.
Usage: scripts/make/stress-hostile.py BIN_DIR"""
import json, os, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rituals_run import cpu_ms, history as read_history, proc_status, wait_until as wait_for

rituald, ctl = os.path.join(sys.argv[1], "rituald"), os.path.join(sys.argv[1], "ritualctl")
work = tempfile.mkdtemp(prefix="rituals-hostile-")
shared, state, sock = os.path.join(work, "shared"), os.path.join(work, "state"), os.path.join(work, "control.sock")
os.makedirs(shared, mode=0o700)
os.chmod(shared, 0o700)
env = dict(os.environ, TZ="UTC", PATH="/nonexistent")
failures = []
USEC = 1_000_000


def status_of(pid, key):
    """A /proc status field in kB, as a number."""
    return int(proc_status(pid).get(key, "0").split()[0])


def cpu_seconds(pid):
    return cpu_ms(pid) / 1000


def history():
    return read_history(os.path.join(state, "history.jsonl"))


def fail(text):
    failures.append(text)
    print("FAIL: " + text, file=sys.stderr, flush=True)


def line(at, occurrence, event="done", by="Sam", ritual="walk", until=None):
    u = f',"until":{until}' if until is not None else ""
    return (f'{{"at":{at},"by":"{by}","event":"{event}","occurrence":{occurrence},'
            f'"ritual":"{ritual}"{u}}}\n')


# The walk is due within the clock-skew allowance (two minutes away), so answers to it count.
walk = (int(time.time()) + 120) // 60 * 60
config = os.path.join(work, "rituals.toml")
with open(config, "w") as f:
    f.write('[settings]\ntimezone = "UTC"\ncatch_up = "1h"\npeople = ["Alex", "Sam"]\nme = "Alex"\n'
            f'shared_dir = "{shared}"\n\n'
            f'[[ritual]]\nid = "walk"\ntitle = "Walk"\nwhen = "*-*-* {time.strftime("%H:%M:%S", time.gmtime(walk))} UTC"\n'
            '[[ritual]]\nid = "tick"\ntitle = "Tick"\nwhen = "*:*:*"\nquiet_hours = "ignore"\n')
p = subprocess.Popen([rituald, "--config", config, "--state-dir", state, "--socket", sock], env=env,
                     stderr=subprocess.DEVNULL)
if not wait_for(lambda: os.path.exists(sock), 20):
    fail("rituald did not start")
start = int(time.time()) + 1
sam = os.path.join(shared, "sam.jsonl")
now = int(time.time()) * USEC
print("stress: a hostile shared folder", file=sys.stderr, flush=True)

# A FIFO: nothing blocks.
os.mkfifo(sam, 0o600)
time.sleep(2)
if subprocess.run([ctl, "status", "--socket", sock], capture_output=True, env=env).returncode != 0:
    fail("status did not answer with a FIFO in the folder")
os.unlink(sam)

# A 50 MB line without a newline, then the rest of the file.
with open(sam, "wb") as f:
    f.write(b"x" * (50 << 20))
time.sleep(2)
with open(sam, "ab") as f:
    f.write(b"\n")

# False answers, and conflict copies of true ones.
with open(sam, "a") as f:
    f.write(line(now, walk * USEC + 123) + line(now, walk * USEC + 3 * 86_400 * USEC)
            + line(7_258_000_000_000_000, walk * USEC)
            + line(now, walk * USEC, event="snoozed", until=7_258_000_000_000_000))
with open(os.path.join(shared, "sam.sync-conflict-20261205-101010-ABCDEFG.jsonl"), "w") as f:
    f.write(line(now, walk * USEC, event="skipped"))

# The flood: 200,000 replays of one true answer, then a true skip as the end marker.
cpu_before = cpu_seconds(p.pid)
flood_start = time.time()
with open(sam, "a") as f:
    f.write("".join(line(now + i, walk * USEC) for i in range(200_000)) + line(now, walk * USEC, event="skipped"))
heard = wait_for(lambda: any(r.get("by") == "Sam" and r["event"] == "skipped" for r in history()), 120)
flood_seconds = time.time() - flood_start
flood_cpu = cpu_seconds(p.pid) - cpu_before
if not heard:
    fail("the flood's last answer was not heard within 120 s")

# A symbolic link swapped in and out.
elsewhere = os.path.join(work, "elsewhere.jsonl")
with open(elsewhere, "w") as f:
    f.write(line(now, walk * USEC, event="snoozed", until=now + 600 * USEC))
saved = sam + ".saved"
for _ in range(5):
    os.rename(sam, saved)
    os.symlink(elsewhere, sam)
    time.sleep(0.3)
    os.unlink(sam)
    os.rename(saved, sam)
    time.sleep(0.3)
time.sleep(2)
end = int(time.time()) - 1
peak = status_of(p.pid, "VmHWM")
snapshot = os.path.join(state, "state.json")
p.send_signal(signal.SIGTERM)
p.wait()

records = history()
by_sam = [r for r in records if r.get("by") == "Sam"]
kinds = sorted(r["event"] for r in by_sam)
if kinds != ["done", "skipped"]:
    fail(f"Sam's answers in the history: {kinds} (expected one done and one skipped)")
if any(r["occurrence"] != walk * USEC for r in by_sam):
    fail("an answer for an occurrence that is not one was recorded")
ticks = {r["occurrence"] // USEC: r["at"] - r["occurrence"] for r in records
         if r["ritual"] == "tick" and r["event"] == "fired"}
missing = [s for s in range(start, end) if s not in ticks]
late = max(ticks[s] for s in range(start, end) if s in ticks) / USEC if ticks else None
if missing:
    fail(f"{len(missing)} seconds of the hostile round did not fire")
if late is None or late > 1:
    fail(f"a firing came {late} s late")
if peak > 64 * 1024:
    fail(f"peak RSS {peak} KiB")
size = os.path.getsize(snapshot) if os.path.exists(snapshot) else 0
print(f"  flood of 200,000 lines: heard in {flood_seconds:.1f} s, {flood_cpu:.2f} s of processor time, "
      f"peak RSS {peak / 1024:.1f} MiB; worst firing delay {late * 1000:.1f} ms; state.json {size} bytes",
      file=sys.stderr, flush=True)

# 2,000 reloads, one at a time: memory stays flat.
print("stress: 2,000 reloads", file=sys.stderr, flush=True)
reload_state = os.path.join(work, "state-reload")
p = subprocess.Popen([rituald, "--defaults", "--state-dir", reload_state, "--socket", sock], env=env,
                     stderr=subprocess.DEVNULL)
wait_for(lambda: os.path.exists(sock), 20)


def reloads(n):
    for _ in range(n):
        subprocess.run([ctl, "reload", "--socket", sock], capture_output=True, env=env)


reloads(100)
after_100 = status_of(p.pid, "RssAnon")
reloads(1900)
after_2000 = status_of(p.pid, "RssAnon")
p.send_signal(signal.SIGTERM)
p.wait()
print(f"  anonymous memory after 100 reloads {after_100} KiB, after 2,000 {after_2000} KiB",
      file=sys.stderr, flush=True)
if after_2000 - after_100 > 2048:
    fail(f"2,000 reloads kept {after_2000 - after_100} KiB")

shutil.rmtree(work, ignore_errors=True)
if failures:
    print(f"stress-hostile: {len(failures)} failures", file=sys.stderr)
    sys.exit(1)
print("stress-hostile: clean", file=sys.stderr)
