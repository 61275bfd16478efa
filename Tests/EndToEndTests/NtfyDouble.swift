import Foundation

/// A double of an ntfy server on 127.0.0.1 (scripts/servers/ntfy_double.py): no ntfy server can be
/// installed here, so the tests speak to this one, which follows ntfy's documented publish and
/// subscribe API and action syntax, and presses a notification's button as the phone app does.
final class NtfyDouble {
    let dir: String
    let url: String

    /// Starts it with a keepalive every `keepalive` seconds (ntfy's is 45).
    init(keepalive: Int = 1) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ntfy-\(UUID().uuidString)").path
        let text = try NtfyDouble.call(["start", dir, "--keepalive", String(keepalive)])
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let url = json["server"] as? String
        else { throw ScriptCallError(said: "start said: \(text)") }
        self.url = url
    }

    func stop() { _ = try? NtfyDouble.call(["stop", dir]) }

    func start() throws { _ = try NtfyDouble.call(["start", dir]) }

    /// The topic's messages, oldest first.
    func messages(_ topic: String) -> [[String: Any]] {
        let text = (try? NtfyDouble.call(["messages", dir, topic])) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Presses the button `label` of the newest message of `topic` that has one (and `text` in
    /// its title or message).
    func press(_ topic: String, _ label: String, on text: String = "") throws {
        try NtfyDouble.call(["press", dir, topic, label, text])
    }

    func publish(_ topic: String, _ text: String) throws {
        try NtfyDouble.call(["publish", dir, topic, text])
    }

    /// Subscriptions open now.
    var openSubscriptions: Int {
        let text = (try? NtfyDouble.call(["stats", dir])) ?? ""
        let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return json?["open"] as? Int ?? -1
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    @discardableResult
    static func call(_ arguments: [String]) throws -> String {
        try ScriptCall.run("servers/ntfy_double.py", arguments)
    }
}
