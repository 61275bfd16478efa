import FoundationEssentials
import RitualsCore

/// `[channels.NAME]` tables: the desktop, and channels of kind apprise, command, matrix or ntfy.
extension ConfigReader {
    static let desktopKeys = ["kind", "urgency", "expire", "icon", "buttons", "snooze"]
    static let kinds = ["desktop", "apprise", "command", "matrix", "ntfy"]
    static let deliveryKeys = ["kind", "events", "after", "timeout", "person"]
    static let appriseKeys = deliveryKeys + ["urls_file"]
    static let commandKeys = deliveryKeys + ["argv"]

    mutating func readChannels(_ table: TOMLTable, into config: inout RitualsConfiguration) {
        for name in table.keys {
            let path = "channels." + name
            guard let channel = table[name]?.table else {
                report(path, "expected a table: write [\(path)]")
                continue
            }
            if name == RitualsConfiguration.desktopChannel {
                readDesktop(channel, path, into: &config.desktop)
                continue
            }
            guard let kind = string(channel, "kind", path) else {
                if channel["kind"] == nil {
                    report(path, "a channel needs a kind: \"apprise\", \"command\", \"matrix\" or \"ntfy\"")
                }
                continue
            }
            switch kind {
            case "apprise": config.channels[name] = readApprise(channel, name, path)
            case "command": config.channels[name] = readCommand(channel, name, path)
            case "matrix": config.channels[name] = readMatrix(channel, name, path)
            case "ntfy": config.channels[name] = readNtfy(channel, name, path)
            case "desktop":
                report(
                    path + ".kind",
                    "only [channels.desktop] is the desktop; use \"apprise\", \"command\", \"matrix\" or \"ntfy\"",
                    atValue: true)
            default:
                report(
                    path + ".kind",
                    "unknown kind \"\(kind)\"; use one of \(ConfigReader.kinds.joined(separator: ", "))",
                    atValue: true)
            }
        }
    }

    /// Reports names in `names` (a list at `path`) that no channel has.
    mutating func checkChannelNames(_ names: [String], _ path: String, _ config: RitualsConfiguration) {
        for (i, c) in names.enumerated()
        where c != RitualsConfiguration.desktopChannel && config.channels[c] == nil {
            report(
                "\(path)[\(i)]", "no channel named \"\(c)\"; define [channels.\(c)] or use \"desktop\"", atValue: true)
        }
    }

    mutating func readApprise(_ table: TOMLTable, _ name: String, _ path: String) -> Channel? {
        checkKeys(table, path, known: ConfigReader.appriseKeys)
        guard let given = string(table, "urls_file", path) else {
            if table["urls_file"] == nil {
                report(path, "an apprise channel needs urls_file: a file of Apprise URLs, one a line")
            }
            return nil
        }
        let file = UserDirectories.expandingHome(given)
        if let problem = UserDirectories.privateFileProblem(file) {
            report(path + ".urls_file", problem, atValue: true)
        }
        var channel = Channel(name: name, kind: .apprise(urlsFile: file))
        readDelivery(table, path, into: &channel)
        return channel
    }

    mutating func readCommand(_ table: TOMLTable, _ name: String, _ path: String) -> Channel? {
        checkKeys(table, path, known: ConfigReader.commandKeys)
        guard let argv = strings(table, "argv", path) else {
            if table["argv"] == nil {
                report(
                    path,
                    "a command channel needs argv: the program and its arguments, e.g. [\"notify-phone\", \"--now\"]")
            }
            return nil
        }
        guard let program = argv.first, !program.isEmpty else {
            report(path + ".argv", "argv needs at least the program", atValue: true)
            return nil
        }
        let expanded = [UserDirectories.expandingHome(program)] + argv.dropFirst()
        if expanded[0].contains("/") && !FileManager.default.isExecutableFile(atPath: expanded[0]) {
            report(path + ".argv", "\(expanded[0]) is not an executable file", atValue: true)
        }
        var channel = Channel(name: name, kind: .command(argv: expanded))
        readDelivery(table, path, into: &channel)
        return channel
    }

    /// `events`, `after`, `timeout` and `person`, which every delivering channel takes.
    mutating func readDelivery(_ table: TOMLTable, _ path: String, into channel: inout Channel) {
        if let person = string(table, "person", path) { channel.person = person }
        if let names = strings(table, "events", path) {
            var events: [EventKind] = []
            for (i, n) in names.enumerated() {
                if let kind = EventKind(rawValue: n), Channel.deliverable.contains(kind) {
                    if !events.contains(kind) { events.append(kind) }
                } else {
                    report(
                        "\(path).events[\(i)]",
                        "unknown event \"\(n)\"; use any of \(Channel.deliverable.map(\.name).joined(separator: ", "))",
                        atValue: true)
                }
            }
            channel.events = events
        }
        if let v = span(table, "after", path, range: .seconds(1)...Duration.days(1)) {
            channel.after = v
        }
        if let v = span(table, "timeout", path, range: .seconds(1)...Duration.minutes(10)) { channel.timeout = v }
    }

    mutating func readDesktop(_ table: TOMLTable, _ path: String, into desktop: inout RitualsConfiguration.Desktop) {
        checkKeys(table, path, known: ConfigReader.desktopKeys)
        if let kind = string(table, "kind", path), kind != "desktop" {
            report(path + ".kind", "the desktop channel's kind is \"desktop\"", atValue: true)
        }
        if let text = string(table, "urgency", path) {
            if let u = Urgency(rawValue: text) {
                desktop.urgency = u
            } else {
                report(
                    path + ".urgency", "expected \"low\", \"normal\" or \"critical\", got \"\(text)\"", atValue: true)
            }
        }
        switch spanOrNever(table, "expire", path, range: .seconds(1)...Duration.days(1)) {
        case .span(let v): desktop.expire = v
        case .never: desktop.expire = nil
        case nil: break
        }
        if let icon = string(table, "icon", path) { desktop.icon = icon }
        if let names = strings(table, "buttons", path) {
            var buttons: [RitualsConfiguration.Desktop.Button] = []
            for (i, n) in names.enumerated() {
                if let b = RitualsConfiguration.Desktop.Button(rawValue: n) {
                    buttons.append(b)
                } else {
                    report(
                        "\(path).buttons[\(i)]", "expected \"done\", \"snooze\" or \"skip\", got \"\(n)\"",
                        atValue: true)
                }
            }
            desktop.buttons = buttons
        }
        if let v = span(table, "snooze", path, range: .seconds(60)...ConfigReader.longest) {
            desktop.snooze = v
        }
    }
}
