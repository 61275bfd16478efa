"""The footprint rows of `make bench` (imported by scripts/make/bench.py): stripped sizes of the two
programs, the .deb and its Installed-Size beside cron, Remind and dunst as installed on this
machine, and rituald's memory as a user sees it (under systemd, from a terminal, after `status`)."""
import os, shutil, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rituals_run import memory_mib


def stripped_size(path):
    """Bytes of the program once stripped as the package strips it."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, os.path.basename(path))
        shutil.copy(path, copy)
        subprocess.run(["strip", "--strip-unneeded", "--remove-section=.comment", "--remove-section=.note", copy],
                       check=True)
        return os.path.getsize(copy)


def installed_size(package):
    """Installed-Size (KiB) of an installed Debian package and the size of its .deb, or None."""
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Installed-Size}", package], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        return None
    show = subprocess.run(["apt-cache", "show", "--no-all-versions", package], capture_output=True, text=True).stdout
    size = next((int(l.split()[1]) for l in show.splitlines() if l.startswith("Size:")), None)
    return int(out.stdout), size


def mb(n, places=1):
    return f"{n / 1e6:.{places}f} MB"


def sizes(bin_dir, deb):
    rows = []
    ours = {tool: stripped_size(os.path.join(bin_dir, tool)) for tool in ("rituald", "ritualctl")}
    theirs = {name: os.path.getsize(shutil.which(name)) for name in ("cron", "remind", "dunst") if shutil.which(name)}
    rows.append(("stripped programs (static Swift and C++ runtime)",
                 f"rituald {mb(ours['rituald'], 2)}, ritualctl {mb(ours['ritualctl'], 2)}",
                 "; ".join(f"{k}: {mb(v)}" for k, v in theirs.items()), "each ≤ 16 MB"))
    others = {p: installed_size(p) for p in ("cron", "remind", "dunst")}
    beside = "; ".join(f"{p}: {mb(v[1])} / {v[0] / 1024:.1f} MiB" for p, v in others.items() if v and v[1])
    if deb and os.path.exists(deb):
        fields = subprocess.run(["dpkg-deb", "-f", deb, "Installed-Size"], capture_output=True, text=True, check=True)
        kib = int(fields.stdout)
        rows.append((".deb size / Installed-Size (`dpkg-query -W -f '${Installed-Size}'` beside it)",
                     f"{mb(os.path.getsize(deb))} / {kib / 1024:.1f} MiB", beside, "≤ 10 MB / ≤ 35 MB"))
    return rows


def measure(pid):
    """Resident and private dirty memory of a process, MiB."""
    return memory_mib(pid)


def memory(bin_dir, work, wait_after=60):
    """rituald on the built-in rituals started as systemd starts it and from a terminal: memory once
    settled, and again wait_after seconds after 20 `ritualctl status`."""
    subprocess.run(["sync"])  # a binary written moments ago otherwise shows dirty page-cache pages
    rows = []
    for how in ("systemd", "terminal"):
        d = os.path.join(work, f"memory-{how}")
        os.makedirs(d)
        sock = os.path.join(d, "control.sock")
        env = dict(os.environ, PATH="/nonexistent")
        env.pop("NOTIFY_SOCKET", None)
        listener = None
        if how == "systemd":
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            listener.bind(os.path.join(d, "notify"))
            listener.settimeout(60)
            env["NOTIFY_SOCKET"] = os.path.join(d, "notify")
        process = subprocess.Popen([os.path.join(bin_dir, "rituald"), "--defaults", "--state-dir",
                                    os.path.join(d, "state"), "--socket", sock], env=env, stderr=subprocess.DEVNULL)
        if listener:
            while b"READY=1" not in listener.recv(4096):
                pass
        else:  # no one to tell it is ready: the socket appears once it is (no request, which costs memory)
            while not os.path.exists(sock):
                time.sleep(0.05)
        time.sleep(5)
        idle = measure(process.pid)
        for _ in range(20):
            subprocess.run([os.path.join(bin_dir, "ritualctl"), "status", "--socket", sock], capture_output=True,
                           check=True)
        time.sleep(wait_after)
        after = measure(process.pid)
        process.terminate()
        process.wait()
        rows.append((f"memory idle, started {'by systemd (NOTIFY_SOCKET)' if listener else 'from a terminal'}: "
                     f"RSS / Private_Dirty, settled; {wait_after} s after 20 `ritualctl status`",
                     f"{idle[0]:.1f} / {idle[1]:.1f} MiB; {after[0]:.1f} / {after[1]:.1f} MiB", "",
                     "RSS ≤ 12 MiB, Private_Dirty ≤ 2 MiB"))
    return rows
