"""GNOME Shell for desktop_server.py: headless on Wayland with a virtual monitor, in unsafe mode
so that org.gnome.Shell.Eval reads its message tray and drives a virtual pointer."""
import json, os, subprocess

from desktop_common import fail, start_bus, spawn, wait_for


def start(state, env):
    # Settings in dconf, as on a GNOME desktop: its Do Not Disturb is `show-banners` there, kept
    # in the desktop's own home by the dconf service its session bus starts.
    env = dict(env, XDG_SESSION_TYPE="wayland")
    # A system bus with nothing on it: no logind, accounts or network manager to ask.
    env["DBUS_SYSTEM_BUS_ADDRESS"] = start_bus(state, env, "system", kind="system", services=False)
    start_bus(state, env, "bus")
    # No seats either: in a mount namespace of its own, /run/systemd is empty.
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-m", "-r"]
    shell = ["gnome-shell", "--headless", "--wayland", "--no-x11", "--virtual-monitor", "1280x800", "--unsafe-mode"]
    spawn(state, unshare + ["sh", "-c", 'mount -t tmpfs tmpfs /run/systemd && exec "$@"', "sh"] + shell,
          "gnome-shell.log", env)


def evaluate(state, code):
    """The value of JavaScript `code` run inside the shell, or None when it cannot be run."""
    try:
        r = subprocess.run(
            ["busctl", "--address=" + state["bus"], "--json=short", "call", "org.gnome.Shell", "/org/gnome/Shell",
             "org.gnome.Shell", "Eval", "s", code], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        return None
    ok, value = json.loads(r.stdout)["data"]
    if not ok:
        fail("the shell refused: " + value)
    return json.loads(value) if value else None


# Seconds GNOME Shell gets to finish starting. It takes one here; now and then (about one start
# in fifteen) it never finishes: with no systemd user manager to start ibus, it forks to run
# ibus-daemon itself and the child, which runs JavaScript before exec, deadlocks on a lock another
# thread held at the fork, while the shell waits for it. It is then started again.
STARTUP = 20

TRAY = "const Main = imports.ui.main; const tray = Main.messageTray;"


def settle(state):
    """Waits for the shell to finish starting, then dismisses its own notices (a session without
    a display manager, run as root) so that the tests' notifications are shown at once."""
    wait_for("GNOME Shell to start", lambda: evaluate(state, TRAY + "Main.layoutManager._startingUp === false"),
             within=STARTUP)
    evaluate(state, TRAY + "tray.getSources().forEach(s => s.destroy()); true")
    wait_for("the shell's own notices to go", lambda: evaluate(
        state, TRAY + "tray._notificationState === 0 && tray._notificationQueue.length === 0 && !tray._notification"))


def shown(state):
    return evaluate(state, TRAY + """tray.getSources().flatMap(s => s.notifications.map(n => ({
        app: s.title, title: n.title, body: n.bannerBodyText, buttons: n.actions.map(a => a.label),
        urgency: n.urgency, resident: n.resident, transient: n.isTransient,
        banner: tray._notification === n })))""") or []


POINTER = """const Clutter = imports.gi.Clutter; const GLib = imports.gi.GLib;
if (!global.ritualsPointer) global.ritualsPointer = Clutter.get_default_backend().get_default_seat()
    .create_virtual_device(Clutter.InputDeviceType.POINTER_DEVICE);
const pointer = global.ritualsPointer;
function centre(actor) {
    const [x, y] = actor.get_transformed_position(); const [w, h] = actor.get_transformed_size();
    return [x + w / 2, y + h / 2];
}"""


def hover(state):
    """As a person: the pointer onto the banner, which then shows its buttons; they are
    returned once they stand still."""
    if not evaluate(state, TRAY + "!!(tray._banner && tray._banner.expanded)"):
        # From off the banner onto it, so that the shell sees the pointer come in.
        evaluate(state, POINTER + "pointer.notify_absolute_motion(GLib.get_monotonic_time(), 1, 799); true")
        wait_for("a banner on screen", lambda: evaluate(state, TRAY + POINTER + """
            const b = tray._banner; if (!b || !b.mapped) false; else {
            const [x, y] = centre(b); pointer.notify_absolute_motion(GLib.get_monotonic_time(), x, y); true }"""))
    seen = [None]

    def still():
        now = evaluate(state, TRAY + POINTER + """
            const b = tray._banner; const all = b && b._buttonBox ? b._buttonBox.get_children() : [];
            b && b.expanded && all.length > 0 && all.every(c => c.mapped && centre(c).every(Number.isFinite))
                ? all.map(c => ({label: c.label, centre: centre(c)})) : null""")
        before, seen[0] = seen[0], now
        return now if now and now == before else None

    return wait_for("the banner to show its buttons, still", still)


def press(state, index, count):
    """The pointer onto the banner, onto the button, and a click."""
    buttons = hover(state)
    if len(buttons) != count:
        fail(f"the banner shows {len(buttons)} buttons, not {count}: {[b['label'] for b in buttons]}")
    x, y = buttons[index]["centre"]
    evaluate(state, POINTER + f"""const t = GLib.get_monotonic_time();
        pointer.notify_absolute_motion(t, {x}, {y});
        pointer.notify_button(t + 1000, Clutter.BUTTON_PRIMARY, Clutter.ButtonState.PRESSED);
        pointer.notify_button(t + 2000, Clutter.BUTTON_PRIMARY, Clutter.ButtonState.RELEASED); true""")
    return {"label": buttons[index]["label"], "x": x, "y": y}


def click_at(state, x, y):
    evaluate(state, POINTER + f"""const t = GLib.get_monotonic_time();
        pointer.notify_absolute_motion(t, {x}, {y});
        pointer.notify_button(t + 1000, Clutter.BUTTON_PRIMARY, Clutter.ButtonState.PRESSED);
        pointer.notify_button(t + 2000, Clutter.BUTTON_PRIMARY, Clutter.ButtonState.RELEASED); true""")


def nudge(state):
    """As a person back at the computer: the pointer moved a little."""
    evaluate(state, POINTER + """const t = GLib.get_monotonic_time();
        pointer.notify_relative_motion(t, 5, 5); pointer.notify_relative_motion(t + 1000, -5, -5); true""")


DATE_MENU = "const dateMenu = imports.ui.main.panel.statusArea.dateMenu;"


def click(state):
    """As a person: the clock in the top bar clicked to open the message list, a click on the
    newest notification there (its default action; the list shows no buttons), and the clock
    clicked again to close the list (banners wait while it is open)."""
    clock = evaluate(state, POINTER + DATE_MENU + "centre(dateMenu)")
    click_at(state, *clock)
    seen = [None]

    def still():
        now = evaluate(state, POINTER + DATE_MENU + """
            const m = dateMenu._messageList._notificationSection._messages[0];
            dateMenu.menu.isOpen && m && m.mapped && centre(m).every(Number.isFinite) ? centre(m) : null""")
        before, seen[0] = seen[0], now
        return now if now and now == before else None

    # Where it stands once the list has opened (it slides in).
    found = wait_for("the notification in the message list, still", still)
    click_at(state, *found)
    if evaluate(state, DATE_MENU + "dateMenu.menu.isOpen"):
        click_at(state, *clock)
    wait_for("the message list to close", lambda: evaluate(state, DATE_MENU + "!dateMenu.menu.isOpen"))
    return {"x": found[0], "y": found[1]}


def screenshot(state, path):
    r = subprocess.run(
        ["busctl", "--address=" + state["bus"], "call", "org.gnome.Shell.Screenshot", "/org/gnome/Shell/Screenshot",
         "org.gnome.Shell.Screenshot", "Screenshot", "bbs", "false", "false", path],
        capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        fail("the shell took no screenshot: " + r.stderr.strip())
