import RitualsCore

/// One `[[ritual]]` table.
extension ConfigReader {
    static let ritualKeys = [
        "id", "title", "practice", "when", "prompts", "duration", "heads_up", "window", "skip", "from", "until",
        "catch_up", "remind_again", "remind_again_limit", "quiet_hours", "channels", "urgency", "enabled", "ack",
        "hold", "notes",
    ]
    /// Longest id accepted.
    static let maxIDLength = 64
    /// Occurrences compared to check that a heads-up fits between them.
    static let headsUpSample = 50
    /// Occurrences sampled for the fastest repetition: a calendar expression repeats the same
    /// seconds every minute, so 200 elapses hold either a whole minute's or 100 of one minute,
    /// and a gap under a second shows among them.
    static let rateSample = 200
    /// The shortest time between two occurrences of a ritual.
    static let shortestRepeat = Microseconds.second
    /// A fixed start for that check, so that validation does not depend on the clock.
    static let headsUpSampleStart = 1_767_225_600_000_000  // 2026-01-01T00:00:00Z

    mutating func readRitual(
        _ table: TOMLTable, _ path: String, settings: RitualsConfiguration.Settings, config: RitualsConfiguration
    )
        -> Ritual?
    {
        checkKeys(table, path, known: ConfigReader.ritualKeys)
        let id = string(table, "id", path)
        if table["id"] == nil { report(path, "missing id; add id = \"evening-check-in\" or similar") }
        if let id, !ConfigReader.isValidID(id) {
            report(
                path + ".id", "\"\(id)\" is not a valid id: use lower-case letters, digits and dashes", atValue: true)
        }
        let title = string(table, "title", path)
        if table["title"] == nil { report(path, "missing title") }
        if let title, title.trimmingSpaces.isEmpty { report(path + ".title", "the title is empty", atValue: true) }
        var schedule: Schedule?
        if let when = string(table, "when", path) {
            do {
                let parsed = try Schedule(parsing: when, zones: zones, local: local)
                if ConfigReader.mayRepeatWithinASecond(parsed),
                    let gap = shortestGap(parsed, sample: ConfigReader.rateSample), gap < ConfigReader.shortestRepeat
                {
                    report(
                        path + ".when",
                        "repeats every \(TimeSpan.format(gap)); a ritual fires at most once a second: "
                            + "use whole seconds, such as \"*:*:0/30\"", atValue: true)
                } else {
                    schedule = parsed
                    if case .recurrence(let rule) = parsed.form,
                        parsed.neverElapses(after: (rule.start - 2 * 86_400) * 1_000_000)
                    {
                        warn(
                            path + ".when",
                            "never occurs: no date and time satisfies every part of the rule (or it ends "
                                + "before it starts); the ritual will not fire")
                    }
                }
            } catch {
                report(path + ".when", error.description, atValue: true, offset: error.column ?? 0)
            }
        } else if table["when"] == nil {
            report(path, "missing when; add a schedule such as when = \"Mon..Fri 21:00\"")
        }
        guard let id, let title, let schedule, ConfigReader.isValidID(id), !title.trimmingSpaces.isEmpty else {
            // Check the other keys anyway, so that every problem is reported in one run.
            var unusable = Ritual(id: "", title: "", schedule: schedule ?? ConfigReader.placeholder)
            readOptional(table, path, into: &unusable, config: config)
            readAck(table, path, into: &unusable, settings: settings)
            return nil
        }
        var ritual = Ritual(id: id, title: title, schedule: schedule)
        readOptional(table, path, into: &ritual, config: config)
        readAck(table, path, into: &ritual, settings: settings)
        return ritual
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= maxIDLength
            && id.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
    }

    /// Stands in for a schedule that did not parse while the rest of the ritual is checked.
    static let placeholder: Schedule = {
        // "daily" always parses.
        (try? Schedule(parsing: "daily", zones: FixedZones([]), local: .utc))!
    }()

    mutating func readOptional(
        _ table: TOMLTable, _ path: String, into ritual: inout Ritual, config: RitualsConfiguration
    ) {
        if let text = string(table, "practice", path) {
            if let p = Practice(rawValue: text) {
                ritual.practice = p
            } else {
                report(
                    path + ".practice",
                    "unknown practice \"\(text)\"; use one of \(Practice.allCases.map(\.rawValue).joined(separator: ", "))",
                    atValue: true)
            }
        }
        if let prompts = strings(table, "prompts", path) {
            for (i, p) in prompts.enumerated() where p.trimmingSpaces.isEmpty {
                report("\(path).prompts[\(i)]", "the prompt is empty", atValue: true)
            }
            ritual.prompts = prompts.filter { !$0.trimmingSpaces.isEmpty }
        }
        if let v = span(table, "duration", path, range: .seconds(1)...Duration.days(1)) {
            ritual.duration = v
        }
        if let v = span(table, "heads_up", path, range: .seconds(60)...ConfigReader.longest) {
            ritual.headsUp = v
            if let gap = shortestGap(ritual.schedule), v.microseconds >= gap {
                report(
                    path + ".heads_up",
                    "the heads-up (\(TimeSpan.format(v.microseconds))) is not shorter than the time between occurrences (\(TimeSpan.format(gap)))",
                    atValue: true)
            }
        }
        if let text = string(table, "window", path) {
            if let w = DayWindow(text), w.start < w.end {
                ritual.window = w
            } else if let w = DayWindow(text), w.start >= w.end {
                report(
                    path + ".window", "the window \(text) ends before it starts; a window stays within one day",
                    atValue: true)
            } else {
                report(path + ".window", "expected HH:MM-HH:MM such as \"18:00-21:00\", got \"\(text)\"", atValue: true)
            }
        }
        if let value = table["skip"] {
            if let array = value.array {
                ritual.skip = array.enumerated().compactMap { day($0.element, "\(path).skip[\($0.offset)]") }
            } else {
                report(path + ".skip", "expected an array of dates such as [2026-12-24]", atValue: true)
            }
        }
        if let value = table["from"] { ritual.from = day(value, path + ".from") }
        if let value = table["until"] { ritual.until = day(value, path + ".until") }
        if let from = ritual.from, let until = ritual.until, until < from {
            report(path + ".until", "until is before from", atValue: true)
        }
        if let v = span(table, "catch_up", path, range: .zero...ConfigReader.longest) {
            ritual.catchUp = v
        }
        if let v = span(table, "remind_again", path, range: .seconds(60)...Duration.days(1)) {
            ritual.remindAgain = v
        }
        if let value = table["remind_again_limit"] {
            if let n = value.int, (1...20).contains(n) {
                ritual.remindAgainLimit = n
                if table["remind_again"] == nil {
                    report(path + ".remind_again_limit", "has no effect without remind_again", atValue: true)
                }
            } else {
                report(path + ".remind_again_limit", "expected a whole number from 1 to 20", atValue: true)
            }
        }
        if let text = string(table, "quiet_hours", path) {
            if let q = Ritual.QuietHoursPolicy(rawValue: text) {
                ritual.quietHours = q
            } else {
                report(
                    path + ".quiet_hours", "expected \"defer\", \"drop\" or \"ignore\", got \"\(text)\"", atValue: true)
            }
        }
        if let channels = strings(table, "channels", path) {
            checkChannelNames(channels, path + ".channels", config)
            ritual.channels = channels
        }
        if let text = string(table, "urgency", path) {
            if let u = Urgency(rawValue: text) {
                ritual.urgency = u
            } else {
                report(
                    path + ".urgency", "expected \"low\", \"normal\" or \"critical\", got \"\(text)\"", atValue: true)
            }
        }
        if let enabled = bool(table, "enabled", path) { ritual.enabled = enabled }
        if let hold = bool(table, "hold", path) { ritual.hold = hold }
        if let text = string(table, "notes", path) {
            if let mode = NotesMode(rawValue: text) {
                ritual.notes = mode
            } else {
                report(path + ".notes", "expected \"sealed\" or \"open\", got \"\(text)\"", atValue: true)
            }
        }
    }

    /// Only a calendar expression with fractions of a second can elapse twice within a second:
    /// every other schedule elapses on whole seconds.
    static func mayRepeatWithinASecond(_ schedule: Schedule) -> Bool {
        guard case .calendar(let spec) = schedule.form, let seconds = spec.microsecond else { return false }
        return seconds.contains { c in
            c.start % Microseconds.second != 0 || c.repeatEvery % Microseconds.second != 0
                || (c.stop >= 0 && c.stop % Microseconds.second != 0)
        }
    }

    /// The shortest time between two of the schedule's occurrences, sampled from a fixed start.
    func shortestGap(_ schedule: Schedule, sample: Int = ConfigReader.headsUpSample) -> Int? {
        var solver = WallClockSolver(zone: local)
        guard
            let times = try? schedule.nextElapses(
                after: ConfigReader.headsUpSampleStart, count: sample, local: &solver),
            times.count > 1
        else { return nil }
        return zip(times, times.dropFirst()).map { $1 - $0 }.min()
    }
}
