#!/usr/bin/env python3
"""`make stress`: the long forms of the hardening tests.

1. kill -9 at random moments (start-up included), --kills times, while a ritual fires every second
   and `ritualctl done` answers keep arriving: every answer rituald acknowledged is in the history,
   no occurrence fired twice, every history line parses.
2. notify-send replaced by a program that hangs, one that crashes and one that prints garbage,
   and the session bus killed mid-run: rituald keeps firing on the second.
3. The config deleted, replaced by a directory and made unreadable while rituald runs, each
   followed by a reload: the reload is refused with the reason, the rituals keep firing.
4. (root) The state directory on a 256 KiB tmpfs of a private mount namespace, filled to the last
   byte, then freed, then remounted read-only, then writable again: `ritualctl status` names the
   problem meanwhile, firing goes on, and once writing works every second's firing is in the
   history, none lost. Then the journal's socket removed while rituald journals to it.
Usage: scripts/make/stress.py BIN_DIR [--kills N]"""
import argparse, datetime, json, os, random, shutil, signal, socket, stat, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rituals_run import Rituald, history as read_history

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
    return read_history(os.path.join(state, "history.jsonl"),
                        lambda n, line: fail(f"history line {n} does not parse: {line[:80]!r}"))


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
class Running(Rituald):
    def __init__(self, tag, path):
        super().__init__(rituald, os.path.join(work, f"run-{tag}"), ["--config", config], env=dict(env, PATH=path),
                         log=os.path.join(work, f"{tag}.log"), timeout=30)
        self.log = os.path.join(work, f"{tag}.log")

    def fired(self):
        return sum(1 for r in self.history() if r["event"] == "fired")

    def keeps_firing(self, seconds, what):
        start = self.fired()
        time.sleep(seconds)
        if self.fired() - start < seconds - 2:
            fail(f"{what}: {self.fired() - start} fires in {seconds} s")

    def stop(self):
        if not super().stop():
            fail("rituald did not stop on SIGTERM within 10 s")


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

if shutil.which("dbus-daemon") and shutil.which("notify-send"):
    print("stress: the session bus killed mid-run", file=sys.stderr, flush=True)
    bus = subprocess.Popen([shutil.which("dbus-daemon"), "--session", "--nofork", "--print-address=1",
                            f"--address=unix:path={work}/bus"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    address = bus.stdout.readline().strip()
    env_bus = dict(env, DBUS_SESSION_BUS_ADDRESS=address)
    saved_env, env = env, env_bus
    d = Running("bus", os.path.dirname(shutil.which("notify-send")) + ":/usr/bin:/bin")
    d.keeps_firing(5, "with a session bus")
    bus.kill()
    bus.wait()
    d.keeps_firing(8, "after the session bus was killed")
    d.stop()
    env = saved_env

print("stress: the config deleted, a directory, unreadable, each reloaded", file=sys.stderr, flush=True)
d = Running("config", "/nonexistent")
saved = open(config).read()
for name, spoil in [("deleted", lambda: os.unlink(config)),
                    ("a directory", lambda: (os.unlink(config), os.mkdir(config))),
                    ("unreadable", lambda: os.chmod(config, 0))]:
    spoil()
    out = subprocess.run([ctl, "reload", "--socket", d.socket], capture_output=True, text=True, env=env)
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



def disk_faults():
    print("stress: the state directory full, then read-only", file=sys.stderr, flush=True)
    sdir = os.path.join(work, "tiny")
    os.makedirs(sdir)
    notify = os.path.join(work, "notify-tiny")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(notify)
    listener.settimeout(30)
    script = (f"mount -t tmpfs -o size=256k,mode=0700 tmpfs {sdir} && "
              f"exec env PATH=/nonexistent {rituald} --config {config} --state-dir {sdir} --socket {sock}")
    p = subprocess.Popen([shutil.which("unshare"), "-m", "/bin/sh", "-c", script],
                         env=dict(os.environ, TZ="UTC", NOTIFY_SOCKET=notify), stderr=subprocess.DEVNULL)
    while b"READY=1" not in listener.recv(4096):
        pass
    inside = f"/proc/{p.pid}/root{sdir}"

    def await_problem(present, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if bool(problem()) == present:
                return True
            time.sleep(0.5)
        return False

    def problem():
        out = subprocess.run([ctl, "status", "--json", "--socket", sock], capture_output=True, text=True, env=env)
        return json.loads(out.stdout).get("problem") if out.returncode == 0 else "no answer"

    time.sleep(3)
    try:
        with open(os.path.join(inside, "filler"), "wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
    except OSError:
        pass
    # The history's last page may still hold a few records: wait until an append fails.
    if not await_problem(True):
        fail("a full state directory: ritualctl status names no problem")
    time.sleep(3)
    os.unlink(os.path.join(inside, "filler"))
    if not await_problem(False, 10):
        fail(f"space is back, yet status still says: {problem()}")
    # Read-only: a read-only bind mount of the directory over itself (open files keep theirs).
    nsenter = [shutil.which("nsenter"), "-t", str(p.pid), "-m", "mount"]
    subprocess.run(nsenter + ["--bind", sdir, sdir], check=True)
    subprocess.run(nsenter + ["-o", "remount,bind,ro", sdir], check=True)
    if not await_problem(True, 10):
        fail("a read-only state directory: ritualctl status names no problem")
    time.sleep(3)
    subprocess.run([shutil.which("nsenter"), "-t", str(p.pid), "-m", "umount", sdir], check=True)
    if not await_problem(False, 10):
        fail(f"writable again, yet status still says: {problem()}")
    fired = sorted(json.loads(l)["occurrence"] for l in open(os.path.join(inside, "history.jsonl"))
                   if '"fired"' in l)
    p.terminate()
    p.wait()
    gaps = [(a, b) for a, b in zip(fired, fired[1:]) if b - a != 1_000_000]
    if gaps:
        fail(f"firings missing from the history after the disk came back: {gaps[:3]}")
    print(f"  {len(fired)} firings over {(fired[-1] - fired[0]) // 1_000_000 + 1} s, none missing",
          file=sys.stderr, flush=True)


def journal_gone():
    """The journal's socket removed while rituald journals to it: a socket of this script's,
    bind-mounted where journald's would be in a private mount namespace."""
    print("stress: the journal socket removed mid-run", file=sys.stderr, flush=True)
    jdir = os.path.join(work, "journal")
    os.makedirs(jdir)
    journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    journal.bind(os.path.join(jdir, "socket"))
    journal.settimeout(10)
    state_dir = os.path.join(work, "state-journal")
    script = (f"mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/journal && "
              f"mount --bind {jdir} /run/systemd/journal && "
              f"exec env PATH=/nonexistent {rituald} --config {config} --state-dir {state_dir} --socket {sock}")
    p = subprocess.Popen([shutil.which("unshare"), "-m", "/bin/sh", "-c", script],
                         env=dict(os.environ, TZ="UTC"), stderr=subprocess.DEVNULL)
    entries = 0
    try:
        while entries < 3:
            if b"RITUAL_EVENT=fired" in journal.recv(65536):
                entries += 1
    except socket.timeout:
        fail(f"rituald journaled {entries} firings to the journal socket in 10 s")
    os.unlink(os.path.join(jdir, "socket"))
    journal.close()

    def fired():
        path = os.path.join(state_dir, "history.jsonl")
        return sum(1 for line in open(path) if '"fired"' in line) if os.path.exists(path) else 0

    before = fired()
    time.sleep(6)
    if fired() - before < 4 or p.poll() is not None:
        fail(f"after the journal socket went away: {fired() - before} fires in 6 s")
    p.terminate()
    p.wait()


if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("nsenter"):
    disk_faults()
    journal_gone()
else:
    print("stress: the disk faults need root (a private mount namespace); skipped", file=sys.stderr)

shutil.rmtree(work, ignore_errors=True)
if failures:
    print(f"stress: {len(failures)} failures", file=sys.stderr)
    sys.exit(1)
print("stress: clean", file=sys.stderr)
