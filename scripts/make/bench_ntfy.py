"""The ntfy rows of `make bench` (imported by scripts/make/bench.py): a button pressed on the phone (its
signed answer published to the reply topic) until rituald has it in its history, and what a
subscription costs while an answer is awaited. Against scripts/servers/ntfy_double.py, a double of ntfy's
HTTP API (no ntfy server can be installed here), with ntfy's 45 s keepalive."""
import json, os, statistics, subprocess, time, urllib.request

from bench_couple import COUNT, IDLE, cpu_ms, recorded, secret, start
from rituals_run import context_switches as switches

SERVERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers")


def rows(bin_dir, work):
    home = os.path.join(work, "ntfy")
    double = os.path.join(SERVERS, "ntfy_double.py")
    out = subprocess.run([double, "start", home, "--keepalive", "45"], capture_output=True, text=True)
    if out.returncode != 0:
        return [("ntfy button until recorded", "not measured: " + out.stderr.strip(), "", "")]
    server = json.loads(out.stdout)["server"]
    delays = []
    try:
        d = os.path.join(work, "ntfy-phone")
        os.makedirs(d)
        topic = "bench-" + os.urandom(8).hex()
        topic_file = secret(os.path.join(d, "topic"), topic)
        process, history = start(
            bin_dir, d, f"kind = \"ntfy\"\nserver = \"{server}\"\ntopic_file = \"{topic_file}\"\nanswers = true\n")
        pushes = {}
        deadline = time.monotonic() + 60
        while len(pushes) < COUNT and time.monotonic() < deadline:
            text = subprocess.run([double, "messages", home, topic], capture_output=True, text=True).stdout
            for line in text.splitlines():
                m = json.loads(line)
                pushes[m["title"].split()[1]] = m["actions"][0]
            time.sleep(0.2)
        time.sleep(2)  # the subscription opens
        # rituald waits for every answer while watched: what following the reply topic costs.
        switches0, cpu0 = switches(process.pid), cpu_ms(process.pid)
        time.sleep(IDLE)
        after = switches(process.pid)
        woken = sum(n - switches0.get(task, 0) for task, n in after.items())
        cpu = cpu_ms(process.pid) - cpu0
        for ritual, action in sorted(pushes.items()):
            request = urllib.request.Request(action["url"], method=action["method"], data=action["body"].encode())
            t0 = time.monotonic()
            urllib.request.urlopen(request, timeout=30).read()
            delay = recorded(history, ritual, t0)
            if delay is not None:
                delays.append(delay)
        process.terminate()
        process.wait()
    finally:
        subprocess.run([double, "stop", home])
    if not delays:
        return [("ntfy button until recorded", "no answer recorded", "", "")]
    return [
        (f"{COUNT} ntfy pushes waiting for their answers, {IDLE} s (keepalive every 45 s): context switches "
         "of all of rituald's threads, processor time", f"{woken}, {cpu} ms", "", ""),
        (f"a Done button's answer on the ntfy double (127.0.0.1) until recorded ({len(delays)} answers)",
         f"median {statistics.median(delays):.0f} ms, max {max(delays):.0f} ms", "", "< 2 s"),
    ]
