import RitualsCore

/// `[channels.NAME]` of kind ntfy.
extension ConfigReader {
    static let ntfyKeys = deliveryKeys + ["server", "topic_file", "answers"]

    mutating func readNtfy(_ table: TOMLTable, _ name: String, _ path: String) -> Channel? {
        checkKeys(table, path, known: ConfigReader.ntfyKeys)
        var missing: [String] = []
        let server = string(table, "server", path).flatMap {
            serverURL($0, path + ".server", example: "https://ntfy.sh")
        }
        if table["server"] == nil { missing.append("server = \"https://ntfy.sh\"") }
        let topicFile = string(table, "topic_file", path).map { UserDirectories.expandingHome($0) }
        if table["topic_file"] == nil { missing.append("topic_file = \"~/.config/rituals/ntfy.topic\"") }
        if !missing.isEmpty {
            report(path, "an ntfy channel needs \(missing.joined(separator: ", "))")
        }
        if let topicFile, let problem = UserDirectories.privateFileProblem(topicFile, holding: "the ntfy topic's name")
        {
            report(path + ".topic_file", problem, atValue: true)
        }
        guard let server, let topicFile else { return nil }
        let keyFile = UserDirectories.state() + "/" + Channel.NtfyTopic.keyName
        var channel = Channel(
            name: name, kind: .ntfy(.init(server: server, topicFile: topicFile, keyFile: keyFile)))
        readDelivery(table, path, into: &channel)
        readAnswers(table, path, into: &channel)
        return channel
    }
}
