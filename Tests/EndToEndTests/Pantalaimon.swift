import Foundation

/// pantalaimon (matrix-org's end-to-end encryption proxy, from PyPI) in front of a test
/// homeserver, the bot logged in through it; and the partner as an encrypting client of its own
/// (matrix-nio with its e2e extra). Both run by scripts/servers/pantalaimon.py.
final class Pantalaimon {
    let homeserver: MatrixHomeserver
    let dir: String
    /// Where rituald's `homeserver` points.
    let url: String
    /// The bot's access token, made by a login through pantalaimon.
    let botToken: String

    init(before of: MatrixHomeserver) throws {
        homeserver = of
        dir = of.dir + "/pantalaimon"
        let text = try Pantalaimon.call(["start", dir, of.url])
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let url = json["url"] as? String, let token = json["token"] as? String
        else { throw ScriptCallError(said: "pantalaimon.py start said: \(text)") }
        self.url = url
        botToken = token
    }

    func botTokenFile() throws -> String { try MatrixHomeserver.tokenFile(dir + "/bot.token", botToken) }

    /// The partner's encrypting session, straight on the homeserver, before anything is posted.
    func partnerLogsIn() throws { try Pantalaimon.call(["partner-login", dir, homeserver.url]) }

    /// The partner waits for the bot's post holding `text`, decrypts it and answers it, encrypted:
    /// `answer` is a reply's text, or `react:KEY`. The post's id.
    @discardableResult
    func partnerAnswers(in room: String, post text: String, _ answer: String) throws -> String {
        let said = try Pantalaimon.call(["partner-answer", dir, room, text, answer])
        return said.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit { _ = try? Pantalaimon.call(["stop", dir]) }

    @discardableResult
    static func call(_ arguments: [String]) throws -> String { try ScriptCall.run("servers/pantalaimon.py", arguments) }
}
