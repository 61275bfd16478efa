import Foundation

/// A real Matrix homeserver (Synapse from PyPI, SQLite, no federation) on 127.0.0.1, started by
/// scripts/servers/synapse.py, with three accounts in one room: the bot rituald posts as, the partner,
/// and a stranger. Calls as the partner or the stranger go through the same script.
final class MatrixHomeserver {
    let dir: String
    let url: String
    let room: String
    let bot: (user: String, token: String)
    let partner: String
    let stranger: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-\(UUID().uuidString)").path
        let text = try MatrixHomeserver.call(["start", dir])
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let url = json["homeserver"] as? String, let room = json["room"] as? String,
            let bot = json["bot"] as? [String: String], let partner = json["partner"] as? [String: String],
            let stranger = json["stranger"] as? [String: String]
        else { throw ScriptCallError(said: "synapse.py start said: \(text)") }
        self.url = url
        self.room = room
        self.bot = (bot["user"] ?? "", bot["token"] ?? "")
        self.partner = partner["user"] ?? ""
        self.stranger = stranger["user"] ?? ""
    }

    /// Stops Synapse; `start()` brings it back with everything it had.
    func stop() { _ = try? MatrixHomeserver.call(["stop", dir]) }

    func start() throws { _ = try MatrixHomeserver.call(["start", dir]) }

    func react(_ who: String, to event: String, _ key: String) throws -> String {
        try MatrixHomeserver.call(["react", dir, who, event, key]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func say(_ who: String, _ text: String, replyTo event: String? = nil) throws -> String {
        try MatrixHomeserver.call(["say", dir, who, text] + (event.map { [$0] } ?? []))
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A reply by `who` to `event` that the homeserver stamps `stamped` (a wrong clock).
    func say(_ who: String, _ text: String, replyTo event: String, stamped: Date) throws -> String {
        let ms = String(Int(stamped.timeIntervalSince1970 * 1000))
        return try MatrixHomeserver.call(["say-at", dir, who, ms, text, event])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A second room, end-to-end encrypted, with the bot and the partner in it.
    func encryptedRoom() throws -> String {
        try MatrixHomeserver.call(["encrypted-room", dir]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The bot's access token in a file only its owner reads, as rituald asks.
    func botTokenFile() throws -> String { try MatrixHomeserver.tokenFile(dir + "/bot.token", bot.token) }

    /// `token` in the file `path`, private to its owner.
    static func tokenFile(_ path: String, _ token: String) throws -> String {
        try (token + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    /// The partner's own access token in a file (as a couple without a bot account would do).
    func partnerTokenFile() throws -> String {
        let text = try String(contentsOfFile: dir + "/accounts.json", encoding: .utf8)
        let accounts = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let token = (accounts?["partner"] as? [String: Any])?["token"] as? String ?? ""
        return try MatrixHomeserver.tokenFile(dir + "/partner.token", token)
    }

    /// `count` messages by `who` that are no answer.
    func chatter(_ who: String, _ count: Int) throws {
        try MatrixHomeserver.call(["chatter", dir, who, String(count)])
    }

    /// The room's last events, oldest first.
    func events() -> [[String: Any]] {
        let text = (try? MatrixHomeserver.call(["messages", dir, "50"])) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// The bot's posts whose text contains `text`: their event ids, oldest first.
    func posts(containing text: String) -> [String] {
        events().filter {
            $0["type"] as? String == "m.room.message" && $0["sender"] as? String == bot.user
                && (($0["content"] as? [String: Any])?["body"] as? String)?.contains(text) == true
        }.compactMap { $0["event_id"] as? String }
    }

    /// The reactions the bot added to `event`.
    func botReactions(to event: String) -> [String] {
        events().compactMap { e -> String? in
            guard e["type"] as? String == "m.reaction", e["sender"] as? String == bot.user,
                let relation = (e["content"] as? [String: Any])?["m.relates_to"] as? [String: Any],
                relation["event_id"] as? String == event
            else { return nil }
            return relation["key"] as? String
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    @discardableResult
    static func call(_ arguments: [String]) throws -> String {
        try ScriptCall.run("servers/synapse.py", arguments)
    }
}
