"""The phone row of `make bench` (imported by scripts/make/bench.py): a partner's reaction on a real
Matrix homeserver (Synapse from scripts/servers/synapse.py) until rituald has it in its history."""
import json, os, statistics, subprocess, time, urllib.parse, urllib.request

from bench_couple import COUNT, IDLE, cpu_ms, recorded, secret, start

SERVERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers")


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
    out = subprocess.run([os.path.join(SERVERS, "synapse.py"), "start", home], capture_output=True, text=True)
    if out.returncode != 0:
        return [("partner's reaction on the homeserver until recorded", "not measured: " + out.stderr.strip(), "", "")]
    accounts = json.loads(out.stdout)
    base, room = accounts["homeserver"], accounts["room"]
    try:
        d = os.path.join(work, "phone")
        os.makedirs(os.path.join(d, "bin"))
        token = secret(os.path.join(d, "bot.token"), accounts["bot"]["token"])
        # curl through a wrapper that counts the requests rituald makes.
        requests = os.path.join(d, "requests")
        with open(os.path.join(d, "bin", "curl"), "w") as f:
            f.write(f"#!/bin/sh\necho >> {requests}\nexec /usr/bin/curl \"$@\"\n")
        os.chmod(os.path.join(d, "bin", "curl"), 0o755)
        process, history = start(
            bin_dir, d,
            f"kind = \"matrix\"\nhomeserver = \"{base}\"\nroom = \"{room}\"\ntoken_file = \"{token}\"\n"
            f"answers = true\nanswerer = \"{accounts['partner']['user']}\"\n",
            env={"PATH": os.path.join(d, "bin") + ":/bin"})
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
        cpu0, requests0 = cpu_ms(process.pid), count(requests)
        time.sleep(IDLE)
        cpu, made = cpu_ms(process.pid) - cpu0, count(requests) - requests0
        for ritual, event in waiting + [last]:
            content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event, "key": "\u2705"}}
            put(base, accounts["partner"]["token"],
                f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/send/m.reaction/b{time.time_ns()}", content)
            delay = recorded(history, ritual, time.monotonic())
            if delay is not None:
                delays.append(delay)
        process.terminate()
        process.wait()
    finally:
        subprocess.run([os.path.join(SERVERS, "synapse.py"), "stop", home])
    if not delays:
        return [("partner's reaction on the homeserver until recorded", "no answer recorded", "", "")]
    cost = (f"a post waiting for its answer, {IDLE} s: rituald's requests to the homeserver, processor time",
            f"{made} (one long poll a minute), {cpu} ms", "", "")
    return [cost, (f"partner's ✅ on a real Matrix homeserver (Synapse, 127.0.0.1) until recorded ({len(delays) - 1} answers)",
             f"median {statistics.median(delays[:-1]):.0f} ms, max {max(delays[:-1]):.0f} ms", "", "< 2 s")]
