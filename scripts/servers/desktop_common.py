"""What desktop_server.py and its desktops share: waiting, starting processes, private buses."""
import os, subprocess, sys, time


def fail(message):
    print("desktop_server.py: " + message, file=sys.stderr)
    sys.exit(1)


class GaveUp(Exception):
    pass


def wait_for(what, condition, within=30.0):
    """The first true value of `condition`, tried every 50 ms; GaveUp after `within` seconds."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise GaveUp(f"gave up after {within:.0f} s waiting for {what}")


def bus_config(kind, address, services):
    return (
        f"<busconfig><type>{kind}</type><listen>{address}</listen><auth>EXTERNAL</auth>"
        + (f"<servicedir>{services}</servicedir>" if services else "")
        + '<policy context="default"><allow send_destination="*" eavesdrop="true"/>'
        + '<allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n'
    )


def spawn(state, command, log, env, **extra):
    """A process of its own session (so that it outlives this script), its output in DIR/LOG."""
    with open(os.path.join(state["dir"], log), "ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=out, env=env, start_new_session=True, **extra)


def has_owner(bus, name):
    r = subprocess.run(
        ["dbus-send", "--bus=" + bus, "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
         "org.freedesktop.DBus.NameHasOwner", "string:" + name], capture_output=True, text=True)
    return "boolean true" in r.stdout


def server_information(bus):
    """What the server says it is: [name, vendor, version]."""
    r = subprocess.run(
        ["dbus-send", "--bus=" + bus, "--print-reply", "--dest=org.freedesktop.Notifications",
         "/org/freedesktop/Notifications", "org.freedesktop.Notifications.GetServerInformation"],
        capture_output=True, text=True)
    return [line.strip().split('"')[1] for line in r.stdout.splitlines()[1:4] if '"' in line]


def start_bus(state, env, name, kind="session", services=True):
    """A dbus-daemon listening on DIR/NAME; a session bus may start only the services in
    DIR/services, and starts them with `env`."""
    d = state["dir"]
    address = f"unix:path={d}/{name}"
    with open(f"{d}/{name}.conf", "w") as f:
        f.write(bus_config(kind, address, d + "/services" if services else None))
    spawn(state, ["dbus-daemon", "--nofork", f"--config-file={d}/{name}.conf"], name + ".log", env)
    wait_for(f"the {kind} bus at {d}/{name}", lambda: os.path.exists(f"{d}/{name}"))
    return address
