#!/usr/bin/env python3
"""The one harness for every notification server the tests use: dunst and GNOME's
notification-daemon, and those of the desktops people use, GNOME Shell (headless, Wayland),
Xfce's xfce4-notifyd and KDE Plasma's plasmashell (on Xvfb), mako (on a headless sway), each on session and system
buses of its own whose service folders hold only what that desktop needs (so no other notification
server is started in its place). Buttons are pressed as a person does: the pointer moves onto the
notification, then the button goes down and up (a Clutter virtual pointer inside GNOME Shell;
xdotool on X). Nothing is answered over D-Bus on a person's behalf. dunst's buttons are in its
context menu, which runs DIR/pick-menu: it picks the first line matching the extended regular
expression in DIR/pick, and leaves the menu it was offered in DIR/menu; mako's are in
`makoctl menu`.

  desktop_server.py available KIND        exit 0 when KIND (dunst, notification-daemon, gnome-shell,
                                          xfce, plasma, mako) is installed
  desktop_server.py start KIND DIR        start it, its files in DIR; prints {"bus": ADDRESS,
                                          "display": ":N" or null, "server": "NAME VENDOR VERSION",
                                          "name": NAME, "version": VERSION}
  desktop_server.py start KIND DIR --later
                                          the display only (X servers): the bus and the server come
                                          with `serve`, as a session that starts after rituald
  desktop_server.py serve DIR             the bus and the server of a desktop started --later
  desktop_server.py stop DIR              end every process started for DIR, remove DIR
  desktop_server.py shown DIR             the notifications on screen or in the tray, a JSON list
  desktop_server.py hover DIR             the pointer onto the newest notification (GNOME Shell then
                                          shows its buttons)
  desktop_server.py press DIR INDEX COUNT press the INDEXth button (0: leftmost) of the newest
                                          notification, which has COUNT; prints what was pressed
  desktop_server.py inhibit DIR on|off    Plasma: its notifications inhibited (Do Not Disturb) or not
  desktop_server.py mode DIR NAME on|off  mako: the mode NAME (do-not-disturb) added or removed
  desktop_server.py nudge DIR             GNOME Shell: the pointer moved, as by someone back
  desktop_server.py click DIR             GNOME Shell: the message list opened, a click on the newest
                                          notification there (its default action)
  desktop_server.py screenshot DIR PNG    the whole screen
"""
import json, os, shutil, signal, subprocess, sys, time

import desktop_shell, desktop_wayland, desktop_x
from desktop_common import GaveUp, fail, has_owner, server_information, spawn, wait_for

SERVICES = "/usr/share/dbus-1/services"
KINDS = {
    # Programs that must be installed, and the service files its session bus may start.
    "dunst": (["/usr/bin/dunst", "/usr/bin/dunstctl", "/usr/bin/Xvfb"], []),
    "notification-daemon": (
        ["/usr/lib/notification-daemon/notification-daemon", "/usr/bin/Xvfb", "/usr/bin/xdotool", "/usr/bin/import"],
        [],
    ),
    "gnome-shell": (
        ["/usr/bin/gnome-shell", "/usr/bin/gjs", "/usr/libexec/dconf-service"],
        ["org.gnome.Shell.Notifications.service", "ca.desrt.dconf.service"],
    ),
    # xfconfd keeps notifyd's settings, Do Not Disturb among them.
    "xfce": (
        ["/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd", "/usr/bin/Xvfb", "/usr/bin/xdotool"],
        ["org.xfce.Xfconf.service"],
    ),
    "plasma": (
        ["/usr/bin/plasmashell", "/usr/share/plasma/shells/org.kde.plasma.desktop", "/usr/bin/Xvfb", "/usr/bin/xdotool"],
        ["org.kde.ActivityManager.service", "org.kde.kglobalaccel.service"],
    ),
    "mako": (["/usr/bin/mako", "/usr/bin/makoctl", "/usr/bin/sway", "/usr/bin/jq"], []),
}
MARK = "RITUALS_DESKTOP_SERVER"


def start(kind, d, later=False):
    if kind not in KINDS:
        fail(f"unknown desktop {kind!r}: say {', '.join(KINDS)}")
    if later and kind == "gnome-shell":
        fail("GNOME Shell brings its own display: it cannot be started --later")
    programs, services = KINDS[kind]
    missing = [p for p in programs if not os.path.exists(p)]
    if missing:
        fail(f"{kind} is not installed (missing {', '.join(missing)}): run scripts/make/install-deps desktops")
    d = os.path.abspath(d)
    for attempt in range(1, 4):
        try:
            return launch(kind, d, services, later)
        except GaveUp as e:
            stop(d)
            if attempt == 3:
                fail(f"{kind} did not start in 3 attempts: {e}")
            print(f"desktop_server.py: {kind} {e}; starting it again", file=sys.stderr)


def launch(kind, d, services, later):
    shutil.rmtree(d, ignore_errors=True)
    for sub in ("home", "run", "services"):
        os.makedirs(os.path.join(d, sub), mode=0o700)
    for name in services:
        shutil.copy(os.path.join(SERVICES, name), os.path.join(d, "services"))
    state = {"dir": d, "kind": kind, "bus": f"unix:path={d}/bus", "display": None}
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": d + "/home", "XDG_RUNTIME_DIR": d + "/run",
        "DBUS_SESSION_BUS_ADDRESS": state["bus"], "NO_AT_BRIDGE": "1", "LANG": "C.UTF-8", MARK: d,
    }
    try:
        if kind == "gnome-shell":
            desktop_shell.start(state, env)
        elif kind == "mako":
            desktop_wayland.start(state, env)
        else:
            desktop_x.start(state, env)
        state["env"] = env
        if not later:
            serve(state)
    finally:
        save(state)
    said = state.get("server") or []
    print(json.dumps({"bus": state["bus"], "display": state["display"], "server": " ".join(said) or None,
                      "name": said[0] if said else None, "version": said[2] if len(said) > 2 else None}))


def serve(state):
    """The bus and the server of a desktop on X (started with it, or later), up once the server
    owns org.freedesktop.Notifications."""
    if state["kind"] == "mako":
        desktop_wayland.serve(state, state["env"])
    elif state["kind"] != "gnome-shell":
        desktop_x.serve(state, state["env"])
    wait_for("org.freedesktop.Notifications on the bus", lambda: has_owner(state["bus"], "org.freedesktop.Notifications"))
    if state["kind"] == "gnome-shell":
        desktop_shell.settle(state)
    state["server"] = server_information(state["bus"])


def inhibited(state):
    r = subprocess.run(
        ["busctl", "--address=" + state["bus"], "get-property", "org.freedesktop.Notifications",
         "/org/freedesktop/Notifications", "org.freedesktop.Notifications", "Inhibited"],
        capture_output=True, text=True, timeout=30)
    return r.stdout.strip() == "b true"


def inhibit(state, on):
    """Plasma's Do Not Disturb as an application asks for it: an inhibition held by a process of
    its own (Plasma lifts it when that process leaves the bus)."""
    if on:
        holder = spawn(state, ["/usr/bin/python3", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                 "plasma_inhibit.py"), state["bus"]],
                       "inhibit.log", state["env"])
        state["inhibitor"] = holder.pid
        save(state)
    elif state.get("inhibitor"):
        try:
            os.kill(state.pop("inhibitor"), signal.SIGTERM)
        except ProcessLookupError:
            pass
        save(state)
    try:
        wait_for(f"Plasma's Inhibited to be {on}", lambda: inhibited(state) == on)
    except GaveUp as e:
        fail(str(e))


def save(state):
    with open(os.path.join(state["dir"], "state.json"), "w") as f:
        json.dump(state, f)


def marked(d):
    """Processes started for DIR: they, and what their buses started, carry MARK=DIR."""
    found = []
    needle = f"{MARK}={d}".encode() + b"\0"
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    if needle in f.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def stop(d):
    d = os.path.abspath(d)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = marked(d)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        end = time.monotonic() + 5
        while time.monotonic() < end and marked(d):
            time.sleep(0.05)
    # Xvfb, ended, leaves its lock file and socket behind when killed.
    state = load(d, quiet=True)
    if state and state.get("display"):
        n = state["display"][1:]
        for path in (f"/tmp/.X{n}-lock", f"/tmp/.X11-unix/X{n}"):
            try:
                os.remove(path)
            except OSError:
                pass
    shutil.rmtree(d, ignore_errors=True)


def load(d, quiet=False):
    try:
        with open(os.path.join(os.path.abspath(d), "state.json")) as f:
            return json.load(f)
    except OSError:
        if quiet:
            return None
        fail(f"nothing started in {d}: run start first")


def main(argv):
    if len(argv) < 3:
        fail(__doc__.strip().split("\n\n")[1])
    command, target = argv[1], argv[2]
    if command == "available":
        sys.exit(0 if target in KINDS and all(os.path.exists(p) for p in KINDS[target][0]) else 1)
    if command == "start" and len(argv) in (4, 5):
        return start(target, argv[3], later=argv[4:] == ["--later"])
    if command == "stop":
        return stop(target)
    state = load(target)
    if command == "serve":
        try:
            serve(state)
        except GaveUp as e:
            fail(str(e))
        save(state)
        said = state["server"] or []
        return print(json.dumps({"server": " ".join(said), "name": said[0] if said else None,
                                 "version": said[2] if len(said) > 2 else None}))
    module = {"gnome-shell": desktop_shell, "mako": desktop_wayland}.get(state["kind"], desktop_x)
    try:
        run(module, state, command, argv)
    except GaveUp as e:
        fail(str(e))


def run(module, state, command, argv):
    if command == "shown":
        print(json.dumps(module.shown(state)))
    elif command == "inhibit" and len(argv) == 4 and state["kind"] == "plasma":
        inhibit(state, argv[3] == "on")
    elif command == "mode" and len(argv) == 5 and state["kind"] == "mako":
        module.mode(state, argv[3], argv[4] == "on")
    elif command == "nudge" and state["kind"] == "gnome-shell":
        module.nudge(state)
    elif command == "click" and state["kind"] == "gnome-shell":
        print(json.dumps(module.click(state)))
    elif command == "hover":
        print(json.dumps(module.hover(state)))
    elif command == "press" and len(argv) == 5:
        print(json.dumps(module.press(state, int(argv[3]), int(argv[4]))))
    elif command == "screenshot" and len(argv) == 4 and state["kind"] != "mako":
        module.screenshot(state, os.path.abspath(argv[3]))
    else:
        fail(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv)
