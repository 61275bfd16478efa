import RitualsCore

/// Who answers through a channel, and the servers channels talk to.
extension ConfigReader {
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
}
