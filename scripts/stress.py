#!/usr/bin/env python3
"""`make stress`: the long forms of the hardening tests.

1. kill -9 at random moments (start-up included), --kills times, while a ritual fires every second
   and `ritualctl done` answers keep arriving: every answer rituald acknowledged is in the history,
   no occurrence fired twice, every history line parses.
2. notify-send replaced by a program that hangs, one that crashes and one that prints garbage:
   rituald keeps firing on the second and its journal names the failures.
3. The config deleted, replaced by a directory and made unreadable while rituald runs, each
   followed by a reload: the reload is refused with the reason, the rituals keep firing.
Usage: scripts/stress.py BIN_DIR [--kills N]"""
import argparse, datetime, json, os, random, shutil, signal, socket, stat, subprocess, sys, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument("bin")
parser.add_argument("--kills", type=int, default=200)
parser.add_argument("--seed", type=int, default=int(time.time()))
args = parser.parse_args()
rituald, ctl = os.path.join(args.bin, "rituald"), os.path.join(args.bin, "ritualctl")
work = tempfile.mkdtemp(prefix="rituals-stress-")
state, sock = os.path.join(work, "state"), os.path.join(work, "control.sock")
config = os.path.join(work, "rituals.toml")
with open(config, "w") as f:
    f.write('[settings]\ntimezone = "UTC"\ncatch_up = "1h"\n\n'
            '[[ritual]]\nid = "tick"\ntitle = "Tick"\nwhen = "*:*:*"\nquiet_hours = "ignore"\n')
env = dict(os.environ, TZ="UTC", PATH="/nonexistent")
failures = []
rng = random.Random(args.seed)


def fail(text):
    failures.append(text)
    print("FAIL: " + text, file=sys.stderr, flush=True)


def history():
    path = os.path.join(state, "history.jsonl")
    records = []
    for n, line in enumerate(open(path, "rb"), 1):
        try:
            records.append(json.loads(line))
        except ValueError:
            fail(f"history line {n} does not parse: {line[:80]!r}")
    return records


# 1. kill -9
acknowledged = set()
stop = threading.Event()


def answer():
    while not stop.is_set():
        out = subprocess.run([ctl, "done", "tick", "--json", "--socket", sock], capture_output=True, text=True, env=env)
        if out.returncode == 0:
            for message in json.loads(out.stdout):
                # "Tick (Wed 2026-12-02 17:30:05 UTC) marked done."
                text = message.split("(", 1)[1].split(")", 1)[0]
                t = datetime.datetime.strptime(text, "%a %Y-%m-%d %H:%M:%S UTC").replace(tzinfo=datetime.timezone.utc)
                acknowledged.add(int(t.timestamp()) * 1_000_000)
        time.sleep(rng.uniform(0.05, 0.4))


answers = threading.Thread(target=answer)
answers.start()
print(f"stress: kill -9, {args.kills} times (seed {args.seed})", file=sys.stderr, flush=True)
for i in range(args.kills):
    p = subprocess.Popen([rituald, "--config", config, "--state-dir", state, "--socket", sock], env=env,
                         stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.02, 2.0))
    p.send_signal(signal.SIGKILL)
    p.wait()
stop.set()
answers.join()
records = history()
fired = {}
for r in records:
    if r["event"] == "fired":
        fired[r["occurrence"]] = fired.get(r["occurrence"], 0) + 1
twice = [o for o, n in fired.items() if n > 1]
if twice:
    fail(f"{len(twice)} occurrences fired twice, e.g. {twice[:3]}")
done = {r["occurrence"] for r in records if r["event"] == "done"}
lost = acknowledged - done
if lost:
    fail(f"{len(lost)} acknowledged answers missing from the history, e.g. {sorted(lost)[:3]}")
if subprocess.run([ctl, "history", "--state-dir", state, "--socket", os.path.join(work, "none.sock")],
                  stdout=subprocess.DEVNULL, env=env).returncode != 0:
    fail("ritualctl history cannot read the history")
print(f"  {len(records)} records, {len(fired)} occurrences fired, {len(acknowledged)} answers acknowledged, "
      f"all {len(acknowledged & done)} in the history", file=sys.stderr, flush=True)


# 2. and 3. need a running daemon whose firings we can watch.
class Running:
    def __init__(self, tag, path):
        self.notify = os.path.join(work, f"notify-{tag}")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.listener.bind(self.notify)
        self.listener.settimeout(30)
        self.process = subprocess.Popen(
            [rituald, "--config", config, "--state-dir", os.path.join(work, f"state-{tag}"), "--socket", sock],
            env=dict(env, NOTIFY_SOCKET=self.notify, PATH=path), stderr=subprocess.PIPE, text=True)
        while b"READY=1" not in self.listener.recv(4096):
            pass
        self.state = os.path.join(work, f"state-{tag}")

    def fired(self):
        path = os.path.join(self.state, "history.jsonl")
        if not os.path.exists(path):
            return 0
        return sum(1 for line in open(path) if '"fired"' in line)

    def keeps_firing(self, seconds, what):
        start = self.fired()
        time.sleep(seconds)
        if self.fired() - start < seconds - 2:
            fail(f"{what}: {self.fired() - start} fires in {seconds} s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            fail("rituald did not stop on SIGTERM within 10 s")
            self.process.kill()
        return self.process.stderr.read()


fakes = {"hangs": "#!/bin/sh\nsleep 3600\n", "crashes": "#!/bin/sh\nkill -SEGV $$\n",
         "garbage": "#!/bin/sh\nhead -c 4096 /dev/urandom\necho\nexit 0\n"}
for name, body in fakes.items():
    print(f"stress: notify-send that {name}", file=sys.stderr, flush=True)
    bindir = os.path.join(work, f"bin-{name}")
    os.makedirs(bindir)
    with open(os.path.join(bindir, "notify-send"), "w") as f:
        f.write(body)
    os.chmod(os.path.join(bindir, "notify-send"), 0o755)
    d = Running(name, bindir)
    d.keeps_firing(20 if name == "hangs" else 8, f"notify-send that {name}")
    d.stop()

print("stress: the config deleted, a directory, unreadable, each reloaded", file=sys.stderr, flush=True)
d = Running("config", "/nonexistent")
saved = open(config).read()
for name, spoil in [("deleted", lambda: os.unlink(config)),
                    ("a directory", lambda: (os.unlink(config), os.mkdir(config))),
                    ("unreadable", lambda: os.chmod(config, 0))]:
    spoil()
    out = subprocess.run([ctl, "reload", "--socket", sock], capture_output=True, text=True, env=env)
    if os.geteuid() == 0 and name == "unreadable":
        pass  # root reads a file whatever its mode: the reload succeeds and that is right
    elif out.returncode == 0:
        fail(f"reload with the config {name} was accepted")
    elif not (out.stdout + out.stderr).strip():
        fail(f"reload with the config {name} failed without saying why")
    d.keeps_firing(4, f"after a reload with the config {name}")
    if os.path.isdir(config):
        os.rmdir(config)
    elif os.path.exists(config):
        os.chmod(config, 0o600)
        os.unlink(config)
    with open(config, "w") as f:
        f.write(saved)
d.stop()

shutil.rmtree(work, ignore_errors=True)
if failures:
    print(f"stress: {len(failures)} failures", file=sys.stderr)
    sys.exit(1)
print("stress: clean", file=sys.stderr)
