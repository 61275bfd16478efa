import Foundation

/// A loopback HTTP server the channel tests send to through the real apprise: it answers every
/// POST (after `delay` seconds) and keeps each as a line of JSON: path, arrival time, body.
final class Receiver {
    let dir: String
    let process: Process
    let port: Int
    var log: String { dir + "/received.jsonl" }

    static let script = """
        import http.server, json, sys, time
        log, delay = sys.argv[1], float(sys.argv[2])
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8", "replace")
                time.sleep(delay)
                with open(log, "a") as f:
                    f.write(json.dumps({"path": self.path, "at": time.time(), "body": body}) + "\\n")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    init(delay: Double = 0) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("receiver-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Receiver.script.write(toFile: dir + "/receiver.py", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [dir + "/receiver.py", dir + "/received.jsonl", String(delay)]
        let out = Pipe()
        process.standardOutput = out
        // Not the test runner's own output: it would wait for this server to end.
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    deinit { stop() }

    /// Ends the server (SIGKILL: the test runner's children may inherit a mask that holds SIGTERM).
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// What arrived so far, oldest first.
    func received() -> [(path: String, at: Double, body: [String: Any])] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let path = object["path"] as? String, let at = object["at"] as? Double,
                let body = object["body"] as? String,
                let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            else { return nil }
            return (path, at, json)
        }
    }

    /// A port nothing listens on.
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
