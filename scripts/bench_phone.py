"""The phone row of `make bench` (imported by scripts/bench.py): a partner's reaction on a real
Matrix homeserver (Synapse from scripts/synapse.py) until rituald has it in its history."""
import json, os, socket, statistics, subprocess, time, urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
COUNT = 21
IDLE = 120


def cpu_ticks(pid):
    """User and system time of the whole process (threads that ended included), in clock ticks."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def count(path):
    return sum(1 for _ in open(path)) if os.path.exists(path) else 0


def put(base, token, path, body):
    request = urllib.request.Request(base + path, method="PUT", data=json.dumps(body).encode())
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def room_posts(base, token, room):
    path = f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/messages?dir=b&limit=100"
    request = urllib.request.Request(base + path)
    request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["chunk"]


def rows(bin_dir, work):
    home = os.path.join(work, "synapse")
    out = subprocess.run([os.path.join(HERE, "synapse.py"), "start", home], capture_output=True, text=True)
    if out.returncode != 0:
        return [("partner's reaction on the homeserver until recorded", "not measured: " + out.stderr.strip(), "", "")]
    accounts = json.loads(out.stdout)
    base, room = accounts["homeserver"], accounts["room"]
    try:
        d = os.path.join(work, "phone")
        os.makedirs(os.path.join(d, "state"))
        token = os.path.join(d, "bot.token")
        with open(token, "w") as f:
            f.write(accounts["bot"]["token"])
        os.chmod(token, 0o600)
        moment = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(time.time() - 1))
        config = ("[settings]\ntimezone = \"UTC\"\npeople = [\"Alex\", \"Sam\"]\nme = \"Alex\"\n"
                  f"[channels.sam]\nkind = \"matrix\"\nhomeserver = \"{base}\"\nroom = \"{room}\"\n"
                  f"token_file = \"{token}\"\nanswers = true\nanswerer = \"{accounts['partner']['user']}\"\n")
        history = os.path.join(d, "state", "history.jsonl")
        with open(history, "w") as f:
            for i in range(COUNT):
                config += (f"[[ritual]]\nid = \"r{i}\"\ntitle = \"Bench r{i}\"\nwhen = \"{moment}\"\n"
                           "quiet_hours = \"ignore\"\nchannels = [\"sam\"]\n")
                f.write(f'{{"at":1000000,"event":"fired","occurrence":1000000,"ritual":"r{i}"}}\n')
        with open(os.path.join(d, "rituals.toml"), "w") as f:
            f.write(config)
        # curl through a wrapper that counts the requests rituald makes.
        requests = os.path.join(d, "requests")
        os.makedirs(os.path.join(d, "bin"))
        with open(os.path.join(d, "bin", "curl"), "w") as f:
            f.write(f"#!/bin/sh\necho >> {requests}\nexec /usr/bin/curl \"$@\"\n")
        os.chmod(os.path.join(d, "bin", "curl"), 0o755)
        notify = os.path.join(d, "notify")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind(notify)
        process = subprocess.Popen(
            [os.path.join(bin_dir, "rituald"), "--config", os.path.join(d, "rituals.toml"), "--state-dir",
             os.path.join(d, "state"), "--socket", os.path.join(d, "control.sock")],
            env=dict(os.environ, NOTIFY_SOCKET=notify, PATH=os.path.join(d, "bin") + ":/bin"), stderr=subprocess.DEVNULL)
        posts = {}
        deadline = time.monotonic() + 60
        while len(posts) < COUNT and time.monotonic() < deadline:
            for e in room_posts(base, accounts["partner"]["token"], room):
                body = e.get("content", {}).get("body", "")
                if e.get("type") == "m.room.message" and body.startswith("Bench r"):
                    posts[body.split()[1]] = e["event_id"]
            time.sleep(0.2)
        time.sleep(2)  # the bot's own reactions and the first read of the room settle
        delays = []
        waiting = sorted(posts.items())
        # The last post waits while rituald is watched: what following a room costs while idle.
        last = waiting.pop()
        ticks0, requests0 = cpu_ticks(process.pid), count(requests)
        time.sleep(IDLE)
        ticks, made = cpu_ticks(process.pid) - ticks0, count(requests) - requests0
        for ritual, event in waiting + [last]:
            content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event, "key": "\u2705"}}
            put(base, accounts["partner"]["token"],
                f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/send/m.reaction/b{time.time_ns()}", content)
            t0 = time.monotonic()
            while time.monotonic() - t0 < 30:
                with open(history) as f:
                    if any(f'"ritual":"{ritual}"' in l and '"done"' in l and '"Sam"' in l for l in f):
                        delays.append((time.monotonic() - t0) * 1000)
                        break
                time.sleep(0.002)
        process.terminate()
        process.wait()
    finally:
        subprocess.run([os.path.join(HERE, "synapse.py"), "stop", home])
    if not delays:
        return [("partner's reaction on the homeserver until recorded", "no answer recorded", "", "")]
    cost = (f"a post waiting for its answer, {IDLE} s: rituald's requests to the homeserver, processor time",
            f"{made} (one long poll a minute), {ticks * 1000 // os.sysconf('SC_CLK_TCK')} ms", "", "")
    return [cost, (f"partner's ✅ on a real Matrix homeserver (Synapse, 127.0.0.1) until recorded ({len(delays) - 1} answers)",
             f"median {statistics.median(delays[:-1]):.0f} ms, max {max(delays[:-1]):.0f} ms", "", "< 2 s")]
