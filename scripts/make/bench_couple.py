"""What the phone rows of `make bench` share (scripts/make/bench_phone.py, scripts/make/bench_ntfy.py): a
couple's config whose rituals are all due and sent through one channel to the partner, rituald
started on it, and the wait until an answer is in its history."""
import os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rituals_run import Rituald, cpu_ms  # noqa: F401 (the phone rows take cpu_ms from here)

COUNT = 21
IDLE = 120


def secret(path, text):
    """A file only its owner reads (a token, a topic)."""
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def start(bin_dir, d, channel, env=None):
    """rituald in folder `d` on COUNT rituals r0… due a second ago and sent through `channel`
    (the TOML of [channels.sam]); the history says each was handled long ago, so each is
    caught up and sent at start. Returns the process and the history's path."""
    os.makedirs(os.path.join(d, "state"), exist_ok=True)
    moment = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(time.time() - 1))
    config = "[settings]\ntimezone = \"UTC\"\npeople = [\"Alex\", \"Sam\"]\nme = \"Alex\"\n[channels.sam]\n" + channel
    history = os.path.join(d, "state", "history.jsonl")
    with open(history, "w") as f:
        for i in range(COUNT):
            config += (f"[[ritual]]\nid = \"r{i}\"\ntitle = \"Bench r{i}\"\nwhen = \"{moment}\"\n"
                       "quiet_hours = \"ignore\"\nchannels = [\"sam\"]\n")
            f.write(f'{{"at":1000000,"event":"fired","occurrence":1000000,"ritual":"r{i}"}}\n')
    with open(os.path.join(d, "rituals.toml"), "w") as f:
        f.write(config)
    # curl is on PATH: the channels need it.
    daemon = Rituald(os.path.join(bin_dir, "rituald"), d, ["--config", os.path.join(d, "rituals.toml")],
                     env=dict(env or {}, PATH=os.environ.get("PATH", "/usr/bin:/bin")), ready=False)
    daemon.process.rituald = daemon  # its NOTIFY_SOCKET stays open while the process is used
    return daemon.process, history


def recorded(history, ritual, since):
    """Milliseconds from `since` (time.monotonic()) until Sam's done of `ritual` is in the
    history; None after 30 s."""
    while time.monotonic() - since < 30:
        with open(history) as f:
            if any(f'"ritual":"{ritual}"' in l and '"done"' in l and '"Sam"' in l for l in f):
                return (time.monotonic() - since) * 1000
        time.sleep(0.002)
    return None
