"""What the tests' servers run by a script share: the venv scripts/make/install-deps made for
them (the script runs itself there), a free port of 127.0.0.1, a server started in a session of
its own with its pid kept in its directory (DIR/pid) and awaited until it answers, and stopped by
that pid."""
import os, socket, subprocess, sys, time, urllib.request


def in_venv(name, variable, what):
    """Runs the calling script again with the Python of the venv NAME (or $VARIABLE), unless it
    runs there already; returns the venv's path. Exits saying how to make it when it is missing."""
    venv = os.environ.get(variable) or (
        f"/var/cache/rituals-test/{name}" if os.geteuid() == 0 else
        os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), f"rituals-test/{name}"))
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) != os.path.realpath(venv):
        if not os.path.exists(python):
            sys.exit(f"{os.path.basename(sys.argv[0])}: no {what} in {venv}; run `scripts/make/install-deps test`")
        os.execv(python, [python] + sys.argv)
    return venv


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(d, argv, probe, what, log_name):
    """Runs argv in DIR d (its output in DIR/log_name) and waits (60 s at most) until the URL
    `probe` answers; exits with where to look when it does not."""
    log = open(os.path.join(d, log_name), "ab")
    process = subprocess.Popen(argv, stdout=log, stderr=log, cwd=d, start_new_session=True)
    with open(os.path.join(d, "pid"), "w") as f:
        f.write(str(process.pid))
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(probe, timeout=1).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{what} did not start; see {d}/{log_name}")
            time.sleep(0.05)


def stop(d):
    """Stops the server of DIR d by its pid: asked, then killed after 10 s."""
    try:
        pid = int(open(os.path.join(d, "pid")).read())
        os.kill(pid, 15)
        for _ in range(200):
            os.kill(pid, 0)
            time.sleep(0.05)
        os.kill(pid, 9)
    except (OSError, ValueError):
        pass
