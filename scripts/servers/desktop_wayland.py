"""mako for desktop_server.py: the notification server of wlroots desktops, on a headless sway
of its own (sway refuses to run as root: it runs as nobody, its runtime folder nobody's). mako's
buttons are in the menu `makoctl menu` offers (bound to a key on such desktops): the test picks a
line of it as a person does in wofi or dmenu. Its Do Not Disturb is the mode its manual names."""
import json, os, subprocess

from desktop_common import fail, start_bus, spawn, wait_for

NOBODY = 65534
# The mode mako's manual gives for hiding every notification, switched with `makoctl mode`.
MAKO_CONFIG = """[mode=do-not-disturb]
invisible=1
"""


def start(state, env):
    d = state["dir"]
    # sway (as nobody) reaches its runtime folder through DIR.
    os.chmod(d, 0o711)
    wayland = os.path.join(d, "wayland")
    os.makedirs(wayland, mode=0o700)
    os.chown(wayland, NOBODY, NOBODY)
    open(f"{d}/sway.config", "w").close()
    os.chmod(f"{d}/sway.config", 0o644)
    sway_env = dict(env, HOME=wayland, XDG_RUNTIME_DIR=wayland, WLR_BACKENDS="headless",
                    WLR_LIBINPUT_NO_DEVICES="1", WLR_RENDERER="pixman")
    spawn(state, ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                  "sway", "--config", f"{d}/sway.config"], "sway.log", sway_env)
    socket = wait_for("sway's Wayland socket",
                      lambda: next((os.path.join(wayland, n) for n in sorted(os.listdir(wayland))
                                    if n.startswith("wayland-") and not n.endswith(".lock")), None))
    env["WAYLAND_DISPLAY"] = socket
    with open(f"{d}/mako.config", "w") as f:
        f.write(MAKO_CONFIG)


def serve(state, env):
    start_bus(state, env, "bus")
    spawn(state, ["mako", "--config", state["dir"] + "/mako.config"], "mako.log", env)


def makoctl(state, *arguments):
    r = subprocess.run(["makoctl", *arguments], capture_output=True, text=True, timeout=30,
                       env=dict(os.environ, DBUS_SESSION_BUS_ADDRESS=state["bus"]))
    if r.returncode != 0:
        fail(f"makoctl {' '.join(arguments)}: {r.stderr.strip()}")
    return r.stdout


def listed(state):
    """mako's notifications, newest first: {id, title, body, buttons}, the buttons in the order
    the application gave them (mako lists them last first)."""
    said = json.loads(makoctl(state, "list"))
    return [{"id": n["id"]["data"], "title": n["summary"]["data"], "body": n["body"]["data"],
             "buttons": list(reversed(n["actions"]["data"].values()))} for n in said["data"][0]]


def shown(state):
    return listed(state)


def hover(state):
    """mako shows every button in its menu: the newest notification, once there is one."""
    return wait_for("a notification", lambda: listed(state))[0]


def press(state, index, count):
    """The `index`th of the newest notification's `count` buttons, picked from `makoctl menu`."""
    newest = wait_for(f"a notification with {count} buttons",
                      lambda: next((n for n in listed(state)[:1] if len(n["buttons"]) == count), None))
    makoctl(state, "menu", "-n", str(newest["id"]), "grep", "-m", "1", "-x", "-F", "--", newest["buttons"][index])
    return {"id": newest["id"], "label": newest["buttons"][index]}


def mode(state, name, on):
    makoctl(state, "mode", "-a" if on else "-r", name)

