#!/usr/bin/env python3
"""A real Matrix homeserver (Synapse, SQLite, no federation) on 127.0.0.1 for the tests, and the
client-server calls a test makes as the partner or a stranger. Run with the Python of the venv
scripts/make/install-deps made (scripts/servers/synapse.py finds it and runs itself there).

  synapse.py start DIR          start (generating DIR/homeserver.yaml the first time), register
                                bot, partner and stranger, make a room with all three in it; prints
                                {"homeserver", "room", "bot", "partner", "stranger"} as JSON, the
                                accounts as {"user", "token"}; also kept in DIR/accounts.json
  synapse.py stop DIR           stop it (by its pid), keeping DIR: `start DIR` again continues
  synapse.py react DIR WHO EVENT KEY     a reaction by WHO (partner or stranger) to EVENT
  synapse.py say DIR WHO TEXT [EVENT]    a message by WHO, a reply to EVENT when given
  synapse.py say-at DIR WHO MS TEXT EVENT   a reply by WHO to EVENT that the homeserver stamps MS
                                (milliseconds since 1970), as a homeserver with a wrong clock would
  synapse.py chatter DIR WHO N           N messages by WHO that are no answer
  synapse.py messages DIR [N]   the room's last N events (default 20) as JSON lines
  synapse.py encrypted-room DIR a second room, end-to-end encrypted, with the bot and the partner
                                in it; prints its id (kept in DIR/accounts.json as encrypted_room)
"""
import json, os, subprocess, sys, time, urllib.parse, urllib.request

import server_process

VENV = server_process.in_venv("synapse", "RITUALS_SYNAPSE_VENV", "Synapse")
PYTHON = os.path.join(VENV, "bin", "python")
import yaml  # noqa: E402  (Synapse's venv has it)

SECRET = "rituals-test-registration"
# An application service may say when an event was sent (`ts`): the tests' wrong clocks.
AS_TOKEN = "rituals-test-appservice"


def call(base, method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for _ in range(50):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            if e.code != 429:
                raise SystemExit(f"synapse.py: {method} {path}: {e.code} {e.read().decode()}")
            time.sleep(json.loads(e.read() or b"{}").get("retry_after_ms", 200) / 1000)
    raise SystemExit(f"synapse.py: {method} {path}: still rate limited")


def configure(d):
    path = os.path.join(d, "homeserver.yaml")
    if os.path.exists(path):
        return yaml.safe_load(open(path))
    subprocess.run([PYTHON, "-m", "synapse.app.homeserver", "--server-name", "localhost", "--config-path", path,
                    "--data-directory", d, "--generate-config", "--report-stats=no"], check=True,
                   stdout=subprocess.DEVNULL, cwd=d)
    config = yaml.safe_load(open(path))
    config.update({
        "listeners": [{"port": server_process.free_port(), "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
                       "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}],
        "registration_shared_secret": SECRET, "trusted_key_servers": [], "federation_domain_whitelist": [],
        "suppress_key_server_warning": True, "enable_metrics": False, "presence": {"enabled": False},
        "rc_message": {"per_second": 1000, "burst_count": 1000},
        "rc_login": {"address": {"per_second": 1000, "burst_count": 1000},
                     "account": {"per_second": 1000, "burst_count": 1000},
                     "failed_attempts": {"per_second": 1000, "burst_count": 1000}},
        "rc_joins": {"local": {"per_second": 1000, "burst_count": 1000}},
        "rc_invites": {"per_room": {"per_second": 1000, "burst_count": 1000},
                       "per_user": {"per_second": 1000, "burst_count": 1000}},
    })
    with open(os.path.join(d, "log.yaml"), "w") as f:
        f.write("version: 1\nformatters: {p: {format: '%(asctime)s %(levelname)s %(name)s %(message)s'}}\n"
                f"handlers: {{file: {{class: logging.FileHandler, formatter: p, filename: {d}/homeserver.log}}}}\n"
                "root: {level: WARNING, handlers: [file]}\ndisable_existing_loggers: false\n")
    config["log_config"] = os.path.join(d, "log.yaml")
    registration = os.path.join(d, "appservice.yaml")
    with open(registration, "w") as f:
        yaml.safe_dump({"id": "rituals-clock", "url": None, "as_token": AS_TOKEN, "hs_token": AS_TOKEN + "-hs",
                        "sender_localpart": "clock", "rate_limited": False,
                        "namespaces": {"users": [{"exclusive": False, "regex": "@partner:.*"}]}}, f)
    config["app_service_config_files"] = [registration]
    with open(path, "w") as f:
        yaml.safe_dump(config, f)
    return config


def base_of(config):
    return f"http://127.0.0.1:{config['listeners'][0]['port']}"


def start(d):
    os.makedirs(d, exist_ok=True)
    config = configure(d)
    base = base_of(config)
    server_process.start(d, [PYTHON, "-m", "synapse.app.homeserver", "-c", os.path.join(d, "homeserver.yaml")],
                         base + "/health", "synapse.py: Synapse", "stdout.log")
    kept = os.path.join(d, "accounts.json")
    if os.path.exists(kept):
        print(open(kept).read())
        return
    accounts = {"homeserver": base}
    for name in ("bot", "partner", "stranger"):
        subprocess.run([os.path.join(VENV, "bin", "register_new_matrix_user"), "-k", SECRET, "-u", name, "-p",
                        name + "-password", "--no-admin", base], check=True, stdout=subprocess.DEVNULL)
        login = call(base, "POST", "/_matrix/client/v3/login",
                     body={"type": "m.login.password", "identifier": {"type": "m.id.user", "user": name},
                           "password": name + "-password"})
        accounts[name] = {"user": login["user_id"], "token": login["access_token"]}
    room = call(base, "POST", "/_matrix/client/v3/createRoom", accounts["bot"]["token"],
                {"preset": "private_chat", "name": "Rituals",
                 "invite": [accounts["partner"]["user"], accounts["stranger"]["user"]]})["room_id"]
    for name in ("partner", "stranger"):
        call(base, "POST", f"/_matrix/client/v3/join/{urllib.parse.quote(room)}", accounts[name]["token"], {})
    accounts["room"] = room
    with open(kept, "w") as f:
        json.dump(accounts, f)
    print(json.dumps(accounts))


def send(d, who, event_type, content):
    accounts = json.load(open(os.path.join(d, "accounts.json")))
    txn = f"t{time.time_ns()}"
    path = (f"/_matrix/client/v3/rooms/{urllib.parse.quote(accounts['room'])}/send/{event_type}/{txn}")
    print(call(accounts["homeserver"], "PUT", path, accounts[who]["token"], content)["event_id"])


def send_at(d, who, ms, text, event):
    accounts = json.load(open(os.path.join(d, "accounts.json")))
    content = {"msgtype": "m.text", "body": text, "m.relates_to": {"m.in_reply_to": {"event_id": event}}}
    path = (f"/_matrix/client/v3/rooms/{urllib.parse.quote(accounts['room'])}/send/m.room.message/"
            f"t{time.time_ns()}?user_id={urllib.parse.quote(accounts[who]['user'])}&ts={ms}")
    print(call(accounts["homeserver"], "PUT", path, AS_TOKEN, content)["event_id"])


def encrypted_room(d):
    kept = os.path.join(d, "accounts.json")
    accounts = json.load(open(kept))
    if "encrypted_room" not in accounts:
        base, bot, partner = accounts["homeserver"], accounts["bot"], accounts["partner"]
        room = call(base, "POST", "/_matrix/client/v3/createRoom", bot["token"],
                    {"preset": "private_chat", "name": "Rituals, encrypted", "invite": [partner["user"]],
                     "initial_state": [{"type": "m.room.encryption", "state_key": "",
                                        "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]})["room_id"]
        call(base, "POST", f"/_matrix/client/v3/join/{urllib.parse.quote(room)}", partner["token"], {})
        accounts["encrypted_room"] = room
        with open(kept, "w") as f:
            json.dump(accounts, f)
    print(accounts["encrypted_room"])


def messages(d, n):
    accounts = json.load(open(os.path.join(d, "accounts.json")))
    path = f"/_matrix/client/v3/rooms/{urllib.parse.quote(accounts['room'])}/messages?dir=b&limit={n}"
    for event in reversed(call(accounts["homeserver"], "GET", path, accounts["partner"]["token"])["chunk"]):
        print(json.dumps(event))


command, d = sys.argv[1], sys.argv[2]
if command == "start":
    start(d)
elif command == "stop":
    server_process.stop(d)
elif command == "react":
    send(d, sys.argv[3], "m.reaction",
         {"m.relates_to": {"rel_type": "m.annotation", "event_id": sys.argv[4], "key": sys.argv[5]}})
elif command == "say":
    content = {"msgtype": "m.text", "body": sys.argv[4]}
    if len(sys.argv) > 5:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": sys.argv[5]}}
    send(d, sys.argv[3], "m.room.message", content)
elif command == "say-at":
    send_at(d, sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6])
elif command == "encrypted-room":
    encrypted_room(d)
elif command == "chatter":
    for i in range(int(sys.argv[4])):
        send(d, sys.argv[3], "m.room.message", {"msgtype": "m.text", "body": f"just chatting ({i + 1})"})
elif command == "messages":
    messages(d, int(sys.argv[3]) if len(sys.argv) > 3 else 20)
else:
    sys.exit(__doc__)
