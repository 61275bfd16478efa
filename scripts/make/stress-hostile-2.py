#!/usr/bin/env python3
"""`make stress`, third part: the second hostile round against the release build.

While a ritual fires every second beside a rule that can never occur, rituald is reloaded with a
table name of 20,000 dotted parts and a line of 100,000 values, paused for spans beyond any clock
(through ritualctl and raw on the socket), and runs a command channel with a ten-minute timeout:
it stays up, answers, misses no second, keeps its descriptors and processor time bounded. Prints
the figures (reload answer time, descriptors, processor time).
Usage: scripts/make/stress-hostile-2.py BIN_DIR"""
import json, os, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rituals_run import cpu_ms, history as read_history, wait_until

rituald, ctl = os.path.join(sys.argv[1], "rituald"), os.path.join(sys.argv[1], "ritualctl")
work = tempfile.mkdtemp(prefix="rituals-hostile2-")
state, sock, config = os.path.join(work, "state"), os.path.join(work, "control.sock"), os.path.join(work, "r.toml")
env = dict(os.environ, TZ="UTC", PATH="/nonexistent")
failures = []
good = ('[settings]\ntimezone = "UTC"\nquiet_hours = "03:00-03:01"\n'
        '[channels.log]\nkind = "command"\nargv = ["/bin/true"]\ntimeout = "10min"\n'
        '[[ritual]]\nid = "tick"\ntitle = "Tick"\nwhen = "*:*:*"\nquiet_hours = "ignore"\nchannels = ["log"]\n'
        '[[ritual]]\nid = "never"\ntitle = "Never"\n'
        'when = """DTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30"""\n')


def fail(text):
    failures.append(text)
    print("stress-hostile-2: " + text, file=sys.stderr, flush=True)


def ask(*args):
    return subprocess.run([ctl, *args, "--socket", sock], capture_output=True, text=True, env=env, timeout=120)


def write(text):
    with open(config, "w") as f:
        f.write(text)


def fired():
    return [r["occurrence"] for r in read_history(os.path.join(state, "history.jsonl")) if r["event"] == "fired"]


write(good)
p = subprocess.Popen([rituald, "--config", config, "--state-dir", state, "--socket", sock], env=env,
                     stderr=subprocess.DEVNULL)
if not wait_until(lambda: os.path.exists(sock), 20):
    fail("rituald did not start")
print("stress: the second hostile round", file=sys.stderr, flush=True)
wait_until(lambda: len(fired()) >= 3, 30)
fds_early, cpu_early, started = len(os.listdir(f"/proc/{p.pid}/fd")), cpu_ms(p.pid), time.monotonic()
deep = "[" + ".".join(f"k{i % 10}" for i in range(20_000)) + "]\n"
long_line = "numbers = [" + ", ".join(str(i % 10) for i in range(100_000)) + "]\n"
reload_times = []
for hostile in [good + deep, good + long_line] * 3:
    write(hostile)
    t0 = time.monotonic()
    r = ask("reload")
    reload_times.append(time.monotonic() - t0)
    if r.returncode == 0 or "keep running" not in r.stderr:
        fail(f"a hostile reload was not refused: {r.stderr[:200]}")
write(good)
for span in ["2562047788015215h", "9223372036854775807us", "292277y"]:
    if ask("pause", "tick", "--for", span).returncode == 0:
        fail(f"pause --for {span} was taken")
try:
    raw = socket.socket(socket.AF_UNIX)
    raw.connect(sock)
    raw.sendall(json.dumps({"command": "pause", "duration": "9223372036854775807us"}).encode() + b"\n")
    raw.recv(4096)
    raw.close()
except OSError as e:
    fail(f"the socket does not answer: {e}")
seconds = 30
wait_until(lambda: time.monotonic() - started > seconds, seconds + 5)
if p.poll() is not None:
    fail(f"rituald ended: {p.returncode}")
if ask("status").returncode != 0:
    fail("status is not answered")
fds_late, cpu_late = len(os.listdir(f"/proc/{p.pid}/fd")), cpu_ms(p.pid)
times = sorted(set(fired()))
gaps = [b - a for a, b in zip(times, times[1:]) if b - a != 1_000_000]
if gaps:
    fail(f"seconds not fired: gaps {gaps[:5]}")
missed = [r for r in read_history(os.path.join(state, "history.jsonl")) if r["event"] == "missed"]
if missed:
    fail(f"{len(missed)} missed")
if fds_late > fds_early + 4:
    fail(f"descriptors grew from {fds_early} to {fds_late}")
busy = (cpu_late - cpu_early) / 1000 / (time.monotonic() - started)
if busy > 0.25:
    fail(f"rituald was busy {busy:.0%} of the time")
print(f"  6 hostile reloads answered in {min(reload_times):.2f}–{max(reload_times):.2f} s; descriptors "
      f"{fds_early} → {fds_late} over {len(times)} firings of a command with a 10-minute timeout; "
      f"processor {busy:.1%} beside a rule that never occurs", file=sys.stderr)
p.terminate()
p.wait(10)
if failures:
    print(f"stress-hostile-2: {len(failures)} failure(s)", file=sys.stderr)
    sys.exit(1)
print("stress-hostile-2: clean", file=sys.stderr)
