import FoundationEssentials
import RitualsCore

/// `[channels.NAME]` tables: the desktop, and channels of the kinds the reader was given; what
/// every channel has is read here, each kind reads its own keys (``ChannelKindReading``).
extension ConfigReader {
    static let desktopKeys = ["kind", "urgency", "expire", "icon", "buttons", "snooze", "hold", "away_after"]
    /// The keys every channel other than the desktop has.
    static let deliveryKeys = ["kind", "events", "after", "timeout", "person", "when"]

    /// The names a channel's kind can be: the desktop's and the kinds'.
    var kindNames: [String] { ["desktop"] + kinds.map { $0.name } }

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
            let quoted = kinds.map { "\"\($0.name)\"" }
            let others =
                quoted.count > 1
                ? quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1] : quoted.joined()
            guard let kindName = string(channel, "kind", path) else {
                if channel["kind"] == nil { report(path, "a channel needs a kind: \(others)") }
                continue
            }
            guard let kind = kinds.first(where: { $0.name == kindName }) else {
                let why =
                    kindName == "desktop"
                    ? "only [channels.desktop] is the desktop; use \(others)"
                    : "unknown kind \"\(kindName)\"; use one of \(kindNames.joined(separator: ", "))"
                report(path + ".kind", why, atValue: true)
                continue
            }
            config.channels[name] = read(channel, name, kind)
        }
    }

    /// A channel of `kind`: its kind's keys, then what every channel has.
    private mutating func read(_ table: TOMLTable, _ name: String, _ kind: any ChannelKindReading.Type) -> Channel? {
        let path = "channels." + name
        checkKeys(table, path, known: ConfigReader.deliveryKeys + kind.keys + (kind.answers ? ["answers"] : []))
        var channelTable = ChannelTable(name: name, table: table, reader: self)
        let settings = kind.read(&channelTable)
        self = channelTable.reader
        guard let settings else { return nil }
        var channel = Channel(name: name, kind: kind.name, settings: settings)
        readDelivery(table, path, into: &channel)
        if kind.answers, let answers = bool(table, "answers", path) { channel.answers = answers }
        channelTable = ChannelTable(name: name, table: table, reader: self)
        kind.check(channel, &channelTable)
        self = channelTable.reader
        return channel
    }

    /// Reports names in `names` (a list at `path`) that no channel has.
    mutating func checkChannelNames(_ names: [String], _ path: String, _ config: RitualsConfiguration) {
        for (i, c) in names.enumerated()
        where c != RitualsConfiguration.desktopChannel && config.channels[c] == nil {
            report(
                "\(path)[\(i)]", "no channel named \"\(c)\"; define [channels.\(c)] or use \"desktop\"", atValue: true)
        }
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
        if let v = span(table, "after", path, range: .seconds(1)...Duration.days(1)) { channel.after = v }
        if let v = span(table, "timeout", path, range: .seconds(1)...Duration.minutes(10)) { channel.timeout = v }
        if let when = string(table, "when", path) {
            if when == "away" || when == "always" {
                channel.onlyWhenAway = when == "away"
            } else {
                report(path + ".when", "expected \"always\" or \"away\", got \"\(when)\"", atValue: true)
            }
        }
    }
}
