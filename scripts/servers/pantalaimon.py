#!/usr/bin/env python3
"""pantalaimon (matrix-org's end-to-end encryption proxy, PyPI) in front of the tests' Synapse,
and the partner as an encrypting Matrix client of its own (matrix-nio with its e2e extra, nothing
written here). Run with the Python of the venv scripts/make/install-deps made (the script finds it
and runs itself there).

  pantalaimon.py start DIR HOMESERVER   start pantalaimon for HOMESERVER (on a free port of
                                127.0.0.1) and log the bot in through it; prints {"url", "token"}
                                (kept in DIR/pan.json)
  pantalaimon.py stop DIR       stop it (by its pid)
  pantalaimon.py partner-login DIR HOMESERVER
                                the partner's encrypting session (its keys in DIR/partner), logged
                                in straight on HOMESERVER and known to the rooms it is in
  pantalaimon.py partner-answer DIR ROOM TEXT ANSWER
                                as the partner: waits (60 s at most) for the bot's post holding
                                TEXT, decrypted, then answers it, encrypted: ANSWER is a reply's
                                text, or react:KEY for a reaction; prints the post's id
"""
import asyncio, json, os, sys, time, urllib.parse, urllib.request

import server_process

VENV = server_process.in_venv("e2e", "RITUALS_E2E_VENV", "pantalaimon")
PYTHON = os.path.join(VENV, "bin", "python")
from nio import AsyncClient, AsyncClientConfig, LoginResponse, RoomMessageText  # noqa: E402


def login(base, user):
    body = json.dumps({"type": "m.login.password", "identifier": {"type": "m.id.user", "user": user},
                       "password": user + "-password"}).encode()
    request = urllib.request.Request(base + "/_matrix/client/v3/login", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def start(d, homeserver):
    os.makedirs(os.path.join(d, "data"), exist_ok=True)
    kept = os.path.join(d, "pan.json")
    port = json.load(open(kept))["port"] if os.path.exists(kept) else server_process.free_port()
    with open(os.path.join(d, "pantalaimon.conf"), "w") as f:
        f.write(f"[Default]\nLogLevel = warning\nNotifications = off\n\n[local]\nHomeserver = {homeserver}\n"
                f"ListenAddress = 127.0.0.1\nListenPort = {port}\nSSL = False\nUseKeyring = False\n"
                "IgnoreVerification = True\n")
    url = f"http://127.0.0.1:{port}"
    server_process.start(d, [os.path.join(VENV, "bin", "pantalaimon"), "--config", os.path.join(d, "pantalaimon.conf"),
                             "--data-path", os.path.join(d, "data")],
                         url + "/_matrix/client/versions", "pantalaimon.py: pantalaimon", "pantalaimon.log")
    if os.path.exists(kept):
        print(open(kept).read())
        return
    # Logged in through pantalaimon: the session is pantalaimon's, which holds its keys.
    token = login(url, "bot")["access_token"]
    with open(kept, "w") as f:
        json.dump({"url": url, "token": token, "port": port}, f)
    print(json.dumps({"url": url, "token": token}))


def client(d, homeserver):
    store = os.path.join(d, "partner")
    os.makedirs(store, exist_ok=True)
    return AsyncClient(homeserver, "@partner:localhost", store_path=store,
                       config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True))


async def partner_login(d, homeserver):
    c = client(d, homeserver)
    response = await c.login("partner-password", device_name="rituals-test-partner")
    if not isinstance(response, LoginResponse):
        raise SystemExit(f"pantalaimon.py: the partner could not log in: {response}")
    with open(os.path.join(d, "partner.json"), "w") as f:
        json.dump({"homeserver": homeserver, "device": response.device_id, "token": response.access_token}, f)
    await c.sync(timeout=1000, full_state=True)
    if c.should_upload_keys:
        await c.keys_upload()
    await c.close()


async def partner_answer(d, room, text, answer):
    kept = json.load(open(os.path.join(d, "partner.json")))
    c = client(d, kept["homeserver"])
    c.restore_login("@partner:localhost", kept["device"], kept["token"])
    found = asyncio.get_running_loop().create_future()

    async def on_message(r, event):
        if r.room_id == room and event.sender == "@bot:localhost" and text in event.body and not found.done():
            found.set_result(event.event_id)

    c.add_event_callback(on_message, RoomMessageText)
    deadline = time.monotonic() + 60
    while not found.done():
        if time.monotonic() > deadline:
            raise SystemExit(f"pantalaimon.py: no post holding {text!r} could be decrypted within 60 s")
        await c.sync(timeout=1000)
        if c.should_query_keys:
            await c.keys_query()
    post = found.result()
    if answer.startswith("react:"):
        # nio sends reactions in the clear unless asked (Element and others encrypt them): the
        # reaction is encrypted here, with the room's session, and sent as it is.
        relation = {"m.relates_to": {"rel_type": "m.annotation", "event_id": post, "key": answer[len("react:"):]}}
        if not c.rooms[room].members_synced:
            await c.joined_members(room)
        if c.should_query_keys:
            await c.keys_query()
        if c.olm.should_share_group_session(room):
            await c.share_group_session(room, ignore_unverified_devices=True)
        kind, encrypted = c.encrypt(room, "m.reaction", relation)
        path = f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/send/{kind}/r{time.time_ns()}"
        request = urllib.request.Request(kept["homeserver"] + path, data=json.dumps(encrypted).encode(), method="PUT",
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": "Bearer " + kept["token"]})
        urllib.request.urlopen(request, timeout=60).read()
    else:
        content = {"msgtype": "m.text", "body": answer, "m.relates_to": {"m.in_reply_to": {"event_id": post}}}
        await c.room_send(room, "m.room.message", content, ignore_unverified_devices=True)
    await c.close()
    print(post)


command, d = sys.argv[1], sys.argv[2]
if command == "start":
    start(d, sys.argv[3])
elif command == "stop":
    server_process.stop(d)
elif command == "partner-login":
    asyncio.run(partner_login(d, sys.argv[3]))
elif command == "partner-answer":
    asyncio.run(partner_answer(d, sys.argv[3], sys.argv[4], sys.argv[5]))
else:
    sys.exit(__doc__)
