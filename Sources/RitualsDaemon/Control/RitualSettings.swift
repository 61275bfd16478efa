import RitualsCore

/// A ritual's settings as `show` lists them: named and written as in the config, channels
/// without their URLs or arguments.
struct RitualSettings {
    let named: [String: String]

    init(_ ritual: Ritual, config: RitualsConfiguration) {
        var settings: [String: String] = [
            "quiet_hours": ritual.quietHours.rawValue, "enabled": String(ritual.enabled),
            "catch_up": TimeSpan.format(config.catchUp(of: ritual).microseconds),
        ]
        let span = { (d: Duration) in TimeSpan.format(d.microseconds) }
        settings["duration"] = ritual.duration.map(span)
        settings["heads_up"] = ritual.headsUp.map(span)
        settings["remind_again"] = ritual.remindAgain.map(span)
        settings["remind_again_limit"] = ritual.remindAgain.map { _ in
            String(ritual.remindAgainLimit ?? Planner.defaultRemindAgainLimit)
        }
        settings["window"] = ritual.window?.description
        settings["from"] = ritual.from.map { Timestamp.date(days: $0) }
        settings["until"] = ritual.until.map { Timestamp.date(days: $0) }
        settings["skip"] =
            ritual.skip.isEmpty ? nil : ritual.skip.map { Timestamp.date(days: $0) }.joined(separator: ", ")
        settings["channels"] = config.channels(of: ritual).map { RitualSettings.channel($0, config) }
            .joined(separator: ", ")
        if !config.settings.others.isEmpty || ritual.ack == .both { settings["ack"] = ritual.ack.rawValue }
        named = settings
    }

    /// A channel as `show` lists it: "phone (apprise: fired, done; after 30min)".
    static func channel(_ name: String, _ config: RitualsConfiguration) -> String {
        guard let c = config.channels[name] else { return name }
        let after = c.after.map { "; after \(TimeSpan.format($0.microseconds))" } ?? ""
        return "\(name) (\(c.kind): \(c.events.map(\.name).joined(separator: ", "))\(after))"
    }
}
