#!/usr/bin/python3
"""logind for the tests: python3-dbusmock's logind template on a system bus of its own, with a
graphical session of this user (the user's Display), whose screen a test locks and whose person
it sends away, as the desktop tells logind.

  logind_mock.py start DIR           start it, its files in DIR; prints {"bus": ADDRESS,
                                     "session": OBJECT PATH}
  logind_mock.py lock DIR on|off     the session's LockedHint (as the screen locker sets it)
  logind_mock.py idle DIR SECONDS    idle since SECONDS ago (IdleHint, IdleSinceHint); "off": in use
  logind_mock.py stop DIR            end what was started for DIR, remove DIR
"""
import json, os, shutil, signal, subprocess, sys, time

from desktop_common import GaveUp, has_owner, spawn, start_bus, wait_for

MARK = "RITUALS_LOGIND_MOCK"
NAME = "org.freedesktop.login1"
ROOT = "/org/freedesktop/login1"
SESSION = "c1"


def fail(message):
    print("logind_mock.py: " + message, file=sys.stderr)
    sys.exit(1)


def busctl(d, *arguments):
    r = subprocess.run(["busctl", f"--address=unix:path={d}/system", "call", NAME, *arguments],
                       capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        fail(f"busctl call {' '.join(arguments)}: {r.stderr.strip()}")
    return r.stdout


def start(d):
    d = os.path.abspath(d)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d, mode=0o700)
    state = {"dir": d}
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", MARK: d}
    address = start_bus(state, env, "system", kind="system", services=False)
    env["DBUS_SYSTEM_BUS_ADDRESS"] = address
    spawn(state, ["/usr/bin/python3", "-m", "dbusmock", "--template", "logind", "--system"], "logind.log", env)
    try:
        wait_for("logind's name on the bus", lambda: has_owner(address, NAME))
    except GaveUp as e:
        stop(d)
        fail(str(e))
    # The template's GetUser joins a string and a number: this user's path, as logind says it.
    busctl(d, ROOT, "org.freedesktop.DBus.Mock", "AddMethod", "sssss", "org.freedesktop.login1.Manager", "GetUser",
           "u", "o", 'ret = "/org/freedesktop/login1/user/%d" % args[0]')
    uid, user = os.getuid(), os.environ.get("USER", "root")
    session = busctl(d, ROOT, "org.freedesktop.DBus.Mock", "AddSession", "ssusb", SESSION, "seat0", str(uid), user,
                     "true").split('"')[1]
    # The user's graphical session, as logind says it: its Display.
    busctl(d, f"{ROOT}/user/{uid}", "org.freedesktop.DBus.Properties", "Set", "ssv", "org.freedesktop.login1.User",
           "Display", "(so)", SESSION, session)
    print(json.dumps({"bus": address, "session": session}))


def update(d, properties):
    """Sets the session's properties (NAME, SIGNATURE, VALUE ...) and says so with PropertiesChanged."""
    busctl(d, f"{ROOT}/session/{SESSION}", "org.freedesktop.DBus.Mock", "UpdateProperties", "sa{sv}",
           "org.freedesktop.login1.Session", str(len(properties) // 3), *properties)


def stop(d):
    d = os.path.abspath(d)
    needle = f"{MARK}={d}".encode() + b"\0"
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/environ", "rb") as f:
                        if needle in f.read():
                            os.kill(int(entry), sig)
                except OSError:
                    pass
        time.sleep(0.05)
    shutil.rmtree(d, ignore_errors=True)


def main(argv):
    if len(argv) < 3:
        fail(__doc__.strip().split("\n\n")[1])
    command, d = argv[1], argv[2]
    if command == "start":
        start(d)
    elif command == "stop":
        stop(d)
    elif command == "lock" and len(argv) == 4 and argv[3] in ("on", "off"):
        update(d, ["LockedHint", "b", "true" if argv[3] == "on" else "false"])
    elif command == "idle" and len(argv) == 4:
        if argv[3] == "off":
            update(d, ["IdleHint", "b", "false", "IdleSinceHint", "t", "0"])
        else:
            since = int((time.time() - float(argv[3])) * 1_000_000)
            update(d, ["IdleHint", "b", "true", "IdleSinceHint", "t", str(since)])
    else:
        fail(__doc__.strip().split("\n\n")[1])


if __name__ == "__main__":
    main(sys.argv)
