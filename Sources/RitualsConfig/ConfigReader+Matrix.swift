import RitualsCore

/// `[channels.NAME]` of kind matrix, and who answers through a channel (`answers`, `person`).
extension ConfigReader {
    static let matrixKeys = deliveryKeys + ["homeserver", "room", "token_file", "answers", "answerer"]

    mutating func readMatrix(_ table: TOMLTable, _ name: String, _ path: String) -> Channel? {
        checkKeys(table, path, known: ConfigReader.matrixKeys)
        var missing: [String] = []
        let homeserver = string(table, "homeserver", path).flatMap {
            serverURL($0, path + ".homeserver", example: "https://matrix.example.org")
        }
        if table["homeserver"] == nil { missing.append("homeserver = \"https://matrix.example.org\"") }
        let room = string(table, "room", path).flatMap { roomID($0, path + ".room") }
        if table["room"] == nil { missing.append("room = \"!AbCdEf:example.org\"") }
        let tokenFile = string(table, "token_file", path).map { UserDirectories.expandingHome($0) }
        if table["token_file"] == nil { missing.append("token_file = \"~/.config/rituals/matrix.token\"") }
        if !missing.isEmpty {
            report(path, "a matrix channel needs \(missing.joined(separator: ", "))")
        }
        if let tokenFile, let problem = UserDirectories.privateFileProblem(tokenFile, holding: "the bot's access token")
        {
            report(path + ".token_file", problem, atValue: true)
        }
        var answerer: String?
        if let given = string(table, "answerer", path) {
            if ConfigReader.isMatrixUser(given) {
                answerer = given
            } else {
                report(path + ".answerer", "expected a Matrix user id such as \"@sam:example.org\"", atValue: true)
            }
        }
        guard let homeserver, let room, let tokenFile else { return nil }
        var channel = Channel(
            name: name,
            kind: .matrix(.init(homeserver: homeserver, room: room, tokenFile: tokenFile, answerer: answerer)))
        readDelivery(table, path, into: &channel)
        readAnswers(table, path, into: &channel)
        if channel.answers && answerer == nil && table["answerer"] == nil {
            report(path, "answers = true needs answerer: the Matrix account whose answers count (\"@sam:example.org\")")
        }
        return channel
    }

    /// `answers`: whether answers come back (from the channel's `person`).
    mutating func readAnswers(_ table: TOMLTable, _ path: String, into channel: inout Channel) {
        if let answers = bool(table, "answers", path) { channel.answers = answers }
    }

    /// Checks each channel's person against `people` (read in `[settings]`).
    mutating func checkAnswerers(_ config: RitualsConfiguration) {
        let settings = config.settings
        let channels = config.channels.sorted(by: { $0.key < $1.key })
        for (name, channel) in channels where channel.answers || channel.person != nil {
            let path = "channels.\(name).person"
            guard let person = channel.person else {
                if settings.others.count > 1 {
                    report(
                        "channels.\(name)",
                        "answers = true with more than one other person: say who answers here with person = \"…\"")
                }
                continue
            }
            if settings.people.isEmpty { continue }
            if person == settings.me {
                report(path, "\"\(person)\" is you (me); a channel's person is another of people", atValue: true)
            } else if !settings.others.contains(person) {
                let list = settings.others.map { "\"\($0)\"" }.joined(separator: ", ")
                report(path, "\"\(person)\" is not one of people (\(list))", atValue: true)
            }
        }
    }

    /// A server's address: https, or http on the loopback address only (nothing on the way to read it).
    mutating func serverURL(_ text: String, _ path: String, example: String) -> String? {
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        let local = ["http://127.0.0.1", "http://[::1]"]
        let isLocal = local.contains { url == $0 || url.hasPrefix($0 + ":") }
        guard url.hasPrefix("https://") && url.count > 8 || isLocal else {
            report(
                path, "expected https://HOST (http:// only for 127.0.0.1 or [::1]), got \"\(text)\"", atValue: true)
            return nil
        }
        let host = url.drop { $0 != "/" }.dropFirst(2)
        guard !host.contains("/"), !host.contains("@"), !host.contains(where: \.isWhitespace) else {
            report(
                path, "give the server's address alone, without a path: \"\(example)\"", atValue: true)
            return nil
        }
        return url
    }

    private mutating func roomID(_ text: String, _ path: String) -> String? {
        guard text.hasPrefix("!"), text.count > 1, text.count <= 255, !text.contains(where: \.isWhitespace) else {
            report(
                path,
                "expected the room's id, which begins with ! (in Element: the room's settings, Advanced), got \"\(text)\"",
                atValue: true)
            return nil
        }
        return text
    }

    /// `@localpart:server`.
    static func isMatrixUser(_ text: String) -> Bool {
        guard text.hasPrefix("@"), let colon = text.firstIndex(of: ":"), text.count <= 255 else { return false }
        let local = text[text.index(after: text.startIndex)..<colon]
        let server = text[text.index(after: colon)...]
        return !local.isEmpty && !server.isEmpty && !text.contains(where: \.isWhitespace)
    }
}
