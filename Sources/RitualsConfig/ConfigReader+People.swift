import RitualsCore

/// `people`, `me` and `shared_dir` in `[settings]`: a couple on two computers.
extension ConfigReader {
    /// At most this many people share the rituals.
    static let maxPeople = 8

    mutating func readPeople(_ table: TOMLTable, into settings: inout RitualsConfiguration.Settings) {
        let path = "settings"
        if let people = strings(table, "people", path) {
            var files: [String: String] = [:]
            for (i, name) in people.enumerated() {
                let at = "\(path).people[\(i)]"
                guard let file = FolderLine.fileName(of: name) else {
                    report(
                        at,
                        "\"\(name)\" cannot name a file in the shared folder: use letters, digits, spaces and "
                            + "dashes, 32 characters at most", atValue: true)
                    continue
                }
                if let other = files[file] {
                    report(
                        at, "\"\(name)\" and \"\(other)\" would share the file \(file); name them apart", atValue: true)
                    continue
                }
                files[file] = name
                settings.people.append(name)
            }
            if people.count > ConfigReader.maxPeople {
                report(path + ".people", "at most \(ConfigReader.maxPeople) people share the rituals", atValue: true)
            }
        }
        if let me = string(table, "me", path) {
            if settings.people.contains(me) {
                settings.me = me
            } else if table["people"] == nil {
                report(path + ".me", "names no one: add people = [\"\(me)\", \"…\"] beside it", atValue: true)
            } else {
                let list = settings.people.map { "\"\($0)\"" }.joined(separator: ", ")
                report(path + ".me", "\"\(me)\" is not one of people (\(list))", atValue: true)
            }
        }
        if let dir = string(table, "shared_dir", path) {
            let expanded = UserDirectories.expandingHome(dir)
            if !expanded.hasPrefix("/") {
                report(
                    path + ".shared_dir",
                    "\"\(dir)\" is not an absolute path: write it as \"~/Sync/rituals\" or "
                        + "\"/home/…\"", atValue: true)
            } else if table["me"] == nil || settings.people.count < 2 {
                report(
                    path + ".shared_dir",
                    "needs people (two or more) and me: say who keeps the rituals and who is "
                        + "at this computer, e.g. people = [\"Alex\", \"Sam\"] and me = \"Alex\"", atValue: true)
            } else {
                settings.sharedDirectory = expanded
            }
        }
        if table["people"] != nil, table["me"] == nil {
            report(path + ".people", "me is missing: add me = \"…\", the person at this computer")
        }
        // The partner of the messages, unless given: the other people.
        if table["partner"] == nil, settings.me != nil, !settings.others.isEmpty {
            settings.partner = RitualsConfiguration.Settings.spoken(settings.others)
        }
    }

    /// `ack` of one ritual.
    mutating func readAck(
        _ table: TOMLTable, _ path: String, into ritual: inout Ritual, settings: RitualsConfiguration.Settings
    ) {
        guard let text = string(table, "ack", path) else { return }
        guard let ack = Ritual.Ack(rawValue: text) else {
            report(path + ".ack", "expected \"either\" or \"both\", got \"\(text)\"", atValue: true)
            return
        }
        ritual.ack = ack
        if ack == .both && settings.others.isEmpty {
            warn(
                path + ".ack",
                "\"both\" waits for everyone in people, and [settings] names no one else: "
                    + "add people and me, or the ritual counts as done with your answer alone")
        }
    }
}
