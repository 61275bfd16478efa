#!/usr/bin/env python3
"""A double of an ntfy server for the tests: no ntfy server can be installed from Debian or PyPI,
so this speaks the part of ntfy's documented HTTP API that rituald uses (docs.ntfy.sh, "Publishing"
and "Subscribing"), on 127.0.0.1, and does what the phone app does with an action button.

  publish   POST/PUT /TOPIC with the message as body; the headers Title (RFC 2047 encoded words
            read), Tags, Priority and Actions (the short form: `http, LABEL, URL, method=…,
            headers.X=…, body=…, clear=true; …`, at most 3, values quoted with " or ' when they
            hold a comma or semicolon; anything else is refused with 400 as ntfy does). Answers
            the message as JSON: id, time, event "message", topic, message, title, tags, actions.
  subscribe GET /TOPIC/json: a stream of JSON lines, first {"event": "open"}, then the cached
            messages after `since` (all, a message id, or a Unix time), then new ones as they come,
            and {"event": "keepalive"} every --keepalive seconds (ntfy: 45); `poll=1` answers the
            cached messages and ends.

  ntfy_double.py start DIR [--keepalive S]   start on a free port (messages kept in DIR, so that
                                             `start DIR` again continues); prints {"server": URL}
  ntfy_double.py stop DIR                    stop it, keeping DIR
  ntfy_double.py messages DIR TOPIC          the topic's messages as JSON lines, oldest first
  ntfy_double.py press DIR TOPIC LABEL [TEXT]  as the phone does: the newest message of TOPIC
                                             with a button LABEL (and TEXT in its title or
                                             message); its http action is performed
  ntfy_double.py publish DIR TOPIC TEXT      a message to TOPIC (a stranger's, a forged answer)
  ntfy_double.py stats DIR                   {"open": subscriptions open now, "opened": since start}
"""
import email.header, json, os, random, signal, socket, string, subprocess, sys, threading, time
import urllib.parse, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ActionError(ValueError):
    pass


def split_quoted(text, separator):
    """Splits on `separator` outside quotes; quotes are kept for the next step to strip."""
    parts, current, quote = [], "", None
    for c in text:
        if quote:
            current += c
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
            current += c
        elif c == separator:
            parts.append(current)
            current = ""
        else:
            current += c
    if quote:
        raise ActionError("unterminated quote")
    parts.append(current)
    return parts


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_actions(header):
    actions = []
    for definition in split_quoted(header, ";"):
        if not definition.strip():
            continue
        fields = [f.strip() if "=" in f else unquote(f) for f in split_quoted(definition, ",")]
        if fields[0] not in ("view", "http", "broadcast"):
            raise ActionError(f"action '{fields[0]}' unknown")
        action = {"id": "".join(random.choices(string.ascii_letters, k=10)), "action": fields[0]}
        positional = ["label", "url"] if fields[0] != "broadcast" else ["label"]
        rest = fields[1:]
        for name in positional:
            if not rest or "=" in rest[0] and name != "label":
                raise ActionError(f"{fields[0]} action needs {name}")
            action[name] = rest.pop(0)
        for field in rest:
            if "=" not in field:
                raise ActionError(f"'{field}' is not key=value")
            key, value = field.split("=", 1)
            key, value = key.strip(), unquote(value)
            if key == "clear":
                if value not in ("true", "false"):
                    raise ActionError("clear is true or false")
                action["clear"] = value == "true"
            elif key in ("method", "body", "url", "label", "intent"):
                action[key] = value
            elif key.startswith("headers."):
                action.setdefault("headers", {})[key[len("headers."):]] = value
            elif key.startswith("extras."):
                action.setdefault("extras", {})[key[len("extras."):]] = value
            else:
                raise ActionError(f"key '{key}' unknown")
        if fields[0] == "http":
            action.setdefault("method", "POST")
        actions.append(action)
    if len(actions) > 3:
        raise ActionError("too many actions, at most 3")
    return actions


class Store:
    def __init__(self, directory, keepalive):
        self.path = os.path.join(directory, "messages.jsonl")
        self.keepalive = keepalive
        self.lock = threading.Condition()
        self.messages = []
        self.open = 0
        self.opened = 0
        if os.path.exists(self.path):
            with open(self.path) as f:
                self.messages = [json.loads(line) for line in f if line.strip()]

    def add(self, message):
        with self.lock:
            self.messages.append(message)
            with open(self.path, "a") as f:
                f.write(json.dumps(message) + "\n")
            self.lock.notify_all()

    def after(self, topic, since):
        mine = [m for m in self.messages if m["topic"] == topic]
        if since is None:
            return []
        if since == "all":
            return mine
        ids = [m["id"] for m in mine]
        if since in ids:
            return mine[ids.index(since) + 1:]
        if since.isdigit():
            return [m for m in mine if m["time"] >= int(since)]
        return []


def handler(store):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body):
            data = (json.dumps(body) + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def topic(self):
            return urllib.parse.urlsplit(self.path).path.strip("/").split("/")

        def do_PUT(self):
            self.do_POST()

        def do_POST(self):
            parts = self.topic()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            if len(parts) != 1 or not parts[0] or len(parts[0]) > 64:
                return self.reply(404, {"code": 40401, "http": 404, "error": "page not found"})
            message = {"id": "".join(random.choices(string.ascii_letters + string.digits, k=12)),
                       "time": int(time.time()), "event": "message", "topic": parts[0],
                       "message": body or "triggered"}
            title = self.headers.get("Title") or self.headers.get("X-Title") or self.headers.get("t")
            if title:
                message["title"] = str(email.header.make_header(email.header.decode_header(title)))
            tags = self.headers.get("Tags") or self.headers.get("X-Tags")
            if tags:
                message["tags"] = [t.strip() for t in tags.split(",")]
            actions = self.headers.get("Actions") or self.headers.get("X-Actions")
            if actions:
                try:
                    message["actions"] = parse_actions(actions)
                except ActionError as e:
                    return self.reply(400, {"code": 40018, "http": 400, "error": f"invalid request: {e}"})
            store.add(message)
            self.reply(200, message)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            parts = url.path.strip("/").split("/")
            query = urllib.parse.parse_qs(url.query)
            if len(parts) != 2 or parts[1] != "json":
                return self.reply(404, {"code": 40401, "http": 404, "error": "page not found"})
            topic = parts[0]
            since = query.get("since", [None])[0]
            poll = query.get("poll", ["0"])[0] in ("1", "true", "yes")
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            if poll:
                for m in store.after(topic, since or "all"):
                    self.wfile.write((json.dumps(m) + "\n").encode())
                return
            with store.lock:
                store.open += 1
                store.opened += 1
                sent = len(store.messages)
                backlog = store.after(topic, since)
            try:
                self.line({"id": self.new_id(), "time": int(time.time()), "event": "open", "topic": topic})
                for m in backlog:
                    self.line(m)
                while True:
                    with store.lock:
                        store.lock.wait_for(lambda: len(store.messages) > sent, timeout=store.keepalive)
                        fresh = [m for m in store.messages[sent:] if m["topic"] == topic]
                        sent = len(store.messages)
                    for m in fresh:
                        self.line(m)
                    if not fresh:
                        self.line({"id": self.new_id(), "time": int(time.time()), "event": "keepalive",
                                   "topic": topic})
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with store.lock:
                    store.open -= 1

        def line(self, event):
            self.wfile.write((json.dumps(event) + "\n").encode())
            self.wfile.flush()

        @staticmethod
        def new_id():
            return "".join(random.choices(string.ascii_letters + string.digits, k=12))

        def do_STATS(self):
            self.reply(200, {"open": store.open, "opened": store.opened})

    return Handler


def serve(directory, port, keepalive):
    store = Store(directory, keepalive)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(store))
    server.daemon_threads = True
    # Written whole, then renamed: `start` never reads a port half written.
    with open(os.path.join(directory, "ready.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(directory, "ready.tmp"), os.path.join(directory, "ready"))
    server.serve_forever()


def base(directory):
    with open(os.path.join(directory, "port")) as f:
        return "http://127.0.0.1:" + f.read().strip()


def request(method, url, body=None, headers=None):
    r = urllib.request.Request(url, method=method, data=body.encode() if body is not None else None)
    for k, v in (headers or {}).items():
        r.add_header(k, v)
    with urllib.request.urlopen(r, timeout=30) as response:
        return response.read().decode()


def messages(directory, topic):
    text = request("GET", f"{base(directory)}/{topic}/json?poll=1&since=all")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main():
    command, directory = sys.argv[1], sys.argv[2]
    if command == "serve":
        serve(directory, int(sys.argv[3]), float(sys.argv[4]))
    elif command == "start":
        os.makedirs(directory, exist_ok=True)
        keepalive = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--keepalive" else "45"
        port_file = os.path.join(directory, "port")
        port = 0
        if os.path.exists(port_file):
            with open(port_file) as f:
                port = int(f.read())
        ready = os.path.join(directory, "ready")
        if os.path.exists(ready):
            os.remove(ready)
        log = open(os.path.join(directory, "log"), "a")
        child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve", directory, str(port), keepalive],
                                 stdout=log, stderr=log, start_new_session=True)
        for _ in range(500):
            if os.path.exists(ready) or child.poll() is not None:
                break
            time.sleep(0.01)
        if not os.path.exists(ready):
            sys.exit("ntfy_double.py: the server did not start; see " + log.name)
        with open(ready) as f:
            port = f.read().strip()
        with open(port_file, "w") as f:
            f.write(port)
        with open(os.path.join(directory, "pid"), "w") as f:
            f.write(str(child.pid))
        print(json.dumps({"server": f"http://127.0.0.1:{port}"}))
    elif command == "stop":
        pid_file = os.path.join(directory, "pid")
        if os.path.exists(pid_file):
            with open(pid_file) as f:
                pid = int(f.read())
            try:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.remove(pid_file)
    elif command == "messages":
        for m in messages(directory, sys.argv[3]):
            print(json.dumps(m))
    elif command == "press":
        topic, label = sys.argv[3], sys.argv[4]
        text = sys.argv[5] if len(sys.argv) > 5 else ""
        for m in reversed(messages(directory, topic)):
            if text not in m.get("title", "") + m.get("message", ""):
                continue
            for a in m.get("actions", []):
                if a["action"] == "http" and a["label"] == label:
                    print(request(a.get("method", "POST"), a["url"], a.get("body", ""), a.get("headers")))
                    return
        sys.exit(f"ntfy_double.py: no message of {topic} has a button {label}")
    elif command == "publish":
        print(request("POST", f"{base(directory)}/{sys.argv[3]}", sys.argv[4]))
    elif command == "stats":
        print(request("STATS", base(directory) + "/"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
