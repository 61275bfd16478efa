import RitualsCore

/// The sections of the file: settings, channels (ConfigReader+Channels), rituals.
extension ConfigReader {
    static let topKeys = ["settings", "channels", "ritual"]
    static let settingsKeys = [
        "timezone", "partner", "quiet_hours", "catch_up", "channels", "people", "me", "shared_dir",
    ]
    /// Longest catch-up, heads-up, snooze or reminder interval accepted.
    static let longest = Duration.days(28)

    mutating func read(_ root: TOMLTable) -> RitualsConfiguration {
        var config = RitualsConfiguration()
        checkKeys(root, "", known: ConfigReader.topKeys)
        if let value = root["settings"] {
            if let table = value.table {
                readSettings(table, into: &config.settings)
            } else {
                report("settings", "expected a table: write [settings]")
            }
        }
        if let value = root["channels"] {
            if let table = value.table {
                readChannels(table, into: &config)
            } else {
                report("channels", "expected tables such as [channels.desktop]")
            }
        }
        checkChannelNames(config.settings.channels, "settings.channels", config)
        checkAnswerers(config)
        if let value = root["ritual"] {
            if let array = value.array {
                var seen: [String: Int] = [:]
                for (i, element) in array.enumerated() {
                    let path = "ritual[\(i)]"
                    guard let table = element.table else {
                        report(path, "expected a table: write each ritual as [[ritual]]")
                        continue
                    }
                    guard let ritual = readRitual(table, path, settings: config.settings, config: config) else {
                        continue
                    }
                    if let first = seen[ritual.id] {
                        report(path + ".id", "duplicate id \"\(ritual.id)\" (also ritual[\(first)])", atValue: true)
                        continue
                    }
                    seen[ritual.id] = i
                    config.rituals.append(ritual)
                }
            } else {
                report("ritual", "expected rituals as [[ritual]] tables")
            }
        }
        config.warnings = warnings.map { "warning: " + $0.description }
        return config
    }

    mutating func readSettings(_ table: TOMLTable, into settings: inout RitualsConfiguration.Settings) {
        let path = "settings"
        checkKeys(table, path, known: ConfigReader.settingsKeys)
        if let name = string(table, "timezone", path) {
            if let zone = zones.zone(named: name) {
                settings.zone = zone
                local = zone
            } else {
                report(
                    path + ".timezone", "unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin",
                    atValue: true)
            }
        }
        if let partner = string(table, "partner", path) {
            if partner.trimmingSpaces.isEmpty {
                report(path + ".partner", "the name is empty", atValue: true)
            } else {
                settings.partner = partner
            }
        }
        if let text = string(table, "quiet_hours", path) {
            if let window = DayWindow(text), window.start != window.end {
                settings.quietHours = window
            } else {
                report(
                    path + ".quiet_hours", "expected HH:MM-HH:MM such as \"22:30-07:30\", got \"\(text)\"",
                    atValue: true)
            }
        }
        if let v = span(table, "catch_up", path, range: .zero...ConfigReader.longest) {
            settings.catchUp = v
        }
        if let channels = strings(table, "channels", path) { settings.channels = channels }
        readPeople(table, into: &settings)
    }
}
