"""What the bench and stress scripts share, written once: rituald started in a folder of its own
(state, control socket, NOTIFY_SOCKET) and awaited by what it tells systemd, its history read
back, and what a process costs (processor time, context switches, memory).

Import it from a script in scripts/make with:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
"""
import json, os, socket, subprocess, time


class Rituald:
    """rituald in folder `folder` (made): its state in folder/state, its socket folder/control.sock,
    NOTIFY_SOCKET folder/notify read here. `args` are rituald's other arguments (--config FILE or
    --defaults); `env` is laid over this process's environment (PATH=/nonexistent unless given: no
    notify-send, so nothing is shown). With `ready`, waits for READY=1 (`ready_after`: seconds it took)."""

    def __init__(self, binary, folder, args, env=None, log=None, ready=True, timeout=60):
        self.dir = folder
        os.makedirs(folder, exist_ok=True)
        self.state = os.path.join(folder, "state")
        self.socket = os.path.join(folder, "control.sock")
        self.notify = os.path.join(folder, "notify")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.listener.bind(self.notify)
        self.listener.settimeout(timeout)
        environment = dict(os.environ, PATH="/nonexistent")
        environment.update(env or {})
        environment["NOTIFY_SOCKET"] = self.notify
        started = time.monotonic()
        self.process = subprocess.Popen(
            [binary, "--state-dir", self.state, "--socket", self.socket] + list(args), env=environment,
            stderr=open(log, "w") if log else subprocess.DEVNULL)
        self.pid = self.process.pid
        if ready:
            self.wait_for(b"READY=1")
        self.ready_after = time.monotonic() - started

    def wait_for(self, word):
        """The first message to systemd that holds `word`."""
        while True:
            said = self.listener.recv(4096)
            if word in said:
                return said

    @property
    def history_path(self):
        return os.path.join(self.state, "history.jsonl")

    def history(self, bad=None):
        return history(self.history_path, bad)

    def stop(self, within=10):
        """SIGTERM, and the exit awaited; False when it did not stop within `within` seconds."""
        self.process.terminate()
        try:
            self.process.wait(within)
            return True
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return False


def history(path, bad=None):
    """The records of a history file (none when it is missing); `bad(n, line)` is told of each
    line that does not parse."""
    if not os.path.exists(path):
        return []
    records = []
    for n, line in enumerate(open(path, "rb"), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError:
            if bad:
                bad(n, line)
    return records


def proc_status(pid):
    """/proc/PID/status as a dict of its fields."""
    out = {}
    for line in open(f"/proc/{pid}/status"):
        key, _, value = line.partition(":")
        out[key] = value.strip()
    return out


def cpu_ms(pid):
    """User and system time of the whole process (threads that ended included), in milliseconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 // os.sysconf("SC_CLK_TCK")


def context_switches(pid):
    """Context switches (voluntary and not) of each of the process's threads, by thread id."""
    total = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        s = proc_status(f"{pid}/task/{task}")
        total[task] = int(s["voluntary_ctxt_switches"]) + int(s["nonvoluntary_ctxt_switches"])
    return total


def memory_mib(pid):
    """Resident and private dirty memory of a process, MiB."""
    rss = int(proc_status(pid)["VmRSS"].split()[0])
    dirty = sum(int(l.split()[1]) for l in open(f"/proc/{pid}/smaps_rollup") if l.startswith("Private_Dirty"))
    return rss / 1024, dirty / 1024


def wait_until(condition, seconds, every=0.05):
    """Whether `condition()` came true within `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())
