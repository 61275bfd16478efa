"""The notification servers on X for desktop_server.py: dunst, GNOME's notification-daemon, Xfce's
xfce4-notifyd and KDE Plasma's plasmashell, each on an Xvfb of its own. A notification is a
top-level window of type _NET_WM_WINDOW_TYPE_NOTIFICATION; its buttons are found in the picture of
it, as a person finds them: the lowest row of things drawn."""
import collections, os, re, select, subprocess

from desktop_common import fail, start_bus, spawn, wait_for

WIDTH, HEIGHT = 1280, 800
SERVERS = {
    "dunst": ["dunst", "-config", "{dir}/dunstrc"],
    "notification-daemon": ["/usr/lib/notification-daemon/notification-daemon"],
    "xfce": ["/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd"],
    "plasma": ["plasmashell"],
}

# dunst keeps every notification until it is answered; its buttons are in a context menu, which
# runs a script that picks the line the test asked for.
DUNSTRC = """[global]
    dmenu = {dir}/pick-menu
    show_indicators = no
    idle_threshold = 0
    sticky_history = yes
    history_length = 100
    # Two rituald of one couple show the same notification: keep them apart.
    stack_duplicates = no
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""
PICK_MENU = """#!/bin/sh
# dunst's dmenu: the menu arrives on stdin, the chosen line goes to stdout.
cat >"{dir}/menu.new"
grep -E -m 1 -- "$(cat "{dir}/pick")" "{dir}/menu.new"
# Written last: a test that sees it knows the menu is answered.
mv "{dir}/menu.new" "{dir}/menu"
"""


def start(state, env):
    # Xvfb picks a free display itself and says which once it listens.
    r, w = os.pipe()
    spawn(state, ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
          "xvfb.log", env, pass_fds=[w])
    os.close(w)
    said = b""
    while not said.endswith(b"\n"):
        if not select.select([r], [], [], 30)[0]:
            fail("Xvfb did not say its display within 30 s")
        chunk = os.read(r, 16)
        if not chunk:
            fail("Xvfb ended before it listened (see xvfb.log)")
        said += chunk
    os.close(r)
    state["display"] = ":" + said.decode().strip()
    env.update(DISPLAY=state["display"], QT_QPA_PLATFORM="xcb")
    if state["kind"] == "dunst":
        d = state["dir"]
        with open(f"{d}/dunstrc", "w") as f:
            f.write(DUNSTRC.format(dir=d))
        with open(f"{d}/pick-menu", "w") as f:
            f.write(PICK_MENU.format(dir=d))
        os.chmod(f"{d}/pick-menu", 0o755)
        open(f"{d}/pick", "w").close()


def serve(state, env):
    """The session bus and the notification server."""
    start_bus(state, env, "bus")
    command = [part.format(dir=state["dir"]) for part in SERVERS[state["kind"]]]
    spawn(state, command, state["kind"] + ".log", env)


def x(state, *command, binary=False):
    r = subprocess.run(command, capture_output=True, env=dict(os.environ, DISPLAY=state["display"]), timeout=30)
    return r.stdout if binary else r.stdout.decode(errors="replace")


def windows(state):
    """The notification windows on screen, topmost first: {window, x, y, width, height}."""
    found = []
    for line in x(state, "xwininfo", "-root", "-children").splitlines():
        m = re.match(r"\s*(0x[0-9a-f]+) .*\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\+(-?\d+)\+(-?\d+)\s*$", line)
        if not m:
            continue
        window = m.group(1)
        if "_NET_WM_WINDOW_TYPE_NOTIFICATION" not in x(state, "xprop", "-id", window, "_NET_WM_WINDOW_TYPE"):
            continue
        if "IsViewable" not in x(state, "xwininfo", "-id", window):
            continue
        width, height, left, top = (int(m.group(i)) for i in (2, 3, 6, 7))
        found.append({"window": window, "x": left, "y": top, "width": width, "height": height})
    return found


def shown(state):
    return windows(state)


def screen(state):
    """The screen in 8-bit grey, a row after another."""
    pixels = x(state, "import", "-window", "root", "-colorspace", "Gray", "-depth", "8", "gray:-", binary=True)
    if len(pixels) < WIDTH * HEIGHT:
        fail("import gave no picture of the screen")
    return pixels


def buttons(pixels, window, count):
    """The centres of the `count` buttons of `window`, left to right, on the screen: the lowest band
    of rows where something differs from the window's background, split at its widest gaps."""
    left, top, width, height = window["x"], window["y"], window["width"], window["height"]

    def at(px, py):
        return pixels[(top + py) * WIDTH + left + px]

    margin = 6
    xs, ys = range(margin, width - margin), range(margin, height - margin)
    background = collections.Counter(at(px, py) for py in ys[::2] for px in xs[::2]).most_common(1)[0][0]

    def ink(px, py):
        return abs(at(px, py) - background) > 48

    rows = [py for py in ys if any(ink(px, py) for px in xs)]
    if not rows:
        return []
    bottom = rows[-1]
    first = bottom
    while first - 1 in rows or first - 2 in rows:
        first -= 1 if first - 1 in rows else 2
    columns = [px for px in xs if any(ink(px, py) for py in range(first, bottom + 1))]
    runs = []
    for px in columns:
        if runs and px == runs[-1][1] + 1:
            runs[-1][1] = px
        else:
            runs.append([px, px])
    if len(runs) < count:
        return []
    gaps = sorted(range(1, len(runs)), key=lambda i: runs[i][0] - runs[i - 1][1], reverse=True)[: count - 1]
    cuts = [0] + sorted(gaps) + [len(runs)]
    middle = top + (first + bottom) // 2
    return [(left + (runs[a][0] + runs[b - 1][1]) // 2, middle) for a, b in zip(cuts, cuts[1:])]


def hover(state):
    """The pointer onto the newest notification; its window."""
    window = wait_for("a notification window", lambda: windows(state))[0]
    x(state, "xdotool", "mousemove", str(window["x"] + window["width"] // 2), str(window["y"] + window["height"] // 2))
    return window


def press(state, index, count):
    window = hover(state)
    found = wait_for(f"{count} buttons drawn", lambda: buttons(screen(state), window, count))
    px, py = found[index]
    x(state, "xdotool", "mousemove", str(px), str(py))
    x(state, "xdotool", "click", "1")
    return {"window": window["window"], "x": px, "y": py}


def screenshot(state, path):
    x(state, "import", "-window", "root", path)
