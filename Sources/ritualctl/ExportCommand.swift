import ArgumentParser
import Foundation
import RitualsConfig
import RitualsCore

#if canImport(Glibc)
    import Glibc
#endif

/// `ritualctl export ics`: the rituals as an RFC 5545 calendar.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the rituals as an iCalendar (RFC 5545) file, for a shared phone or desktop calendar.",
        discussion: """
            FORMAT is ics. A ritual whose schedule can be written as an RRULE (every RFC 5545 \
            recurrence and plain form, and calendar expressions made of lists of values) and whose \
            occurrences no window, quiet hours, skip, from or until move, becomes one repeating event \
            (RRULE, with a VTIMEZONE); any other becomes one event per occurrence in the next N days. \
            UIDs are stable, so importing again updates the events instead of duplicating them. Reads \
            the config file, or the built-in rituals when there is none.
            """
    )

    @Argument(help: ArgumentHelp("The format: ics.", valueName: "FORMAT"))
    var format: String

    @Option(help: ArgumentHelp("Expand occurrences this many days ahead (default 90).", valueName: "N"))
    var days = 90

    @Option(help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/rituals/rituals.toml).", valueName: "FILE"))
    var config: String?

    /// An event lasts this long when its ritual names no duration.
    static let defaultLength = 15 * 60_000_000

    func validate() throws {
        guard format == "ics" else { throw ValidationError("Unknown format '\(format)'; the one format is ics.") }
        guard (1...3660).contains(days) else { throw ValidationError("--days must be between 1 and 3660.") }
    }

    func run() throws {
        let zones = SystemZones.shared
        let system = zones.localZone()
        let loaded: RitualsConfiguration
        do {
            loaded = try ConfigLoader.choose(path: config, zones: zones, local: system).config
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        let zone = ConfigLoader.zone(of: loaded, zones: zones, local: system)
        let now = Int(Date().timeIntervalSince1970) * 1_000_000
        let planner = Planner(config: loaded, zone: zone)
        var ics = ICalendarWriter()
        let stamp = ICalendarWriter.utc(now)
        var events: [[String]] = []
        var timezones: [String: [String]] = [:]
        for ritual in loaded.rituals where ritual.enabled {
            let title = planner.title(of: ritual)
            let length = ICalendarWriter.duration(ritual.duration ?? ExportCommand.defaultLength)
            let occurrences = planner.occurrences(of: ritual, after: now, through: now + days * 86_400_000_000)
            let description = "A ritual kept by rituald (\(ritual.id))."
            if let repeating = ExportCommand.repeating(ritual, occurrences: occurrences, now: now, zone: zone) {
                if let tz = repeating.zone { timezones[tz.name] = ICalendarWriter.timezone(tz) }
                events.append(
                    ["BEGIN:VEVENT", "UID:\(ritual.id)@rituals", "DTSTAMP:\(stamp)"] + repeating.lines + [
                        "DURATION:\(length)", "SUMMARY:" + ICalendarWriter.escape(title),
                        "DESCRIPTION:" + ICalendarWriter.escape(description), "END:VEVENT",
                    ])
                continue
            }
            for o in occurrences {
                let text = planner.prompt(of: ritual, o).map { description + "\n" + $0 } ?? description
                events.append([
                    "BEGIN:VEVENT", "UID:\(ritual.id)-\(ICalendarWriter.utc(o.scheduled))@rituals", "DTSTAMP:\(stamp)",
                    "DTSTART:\(ICalendarWriter.utc(o.at))", "DURATION:\(length)",
                    "SUMMARY:" + ICalendarWriter.escape(title), "DESCRIPTION:" + ICalendarWriter.escape(text),
                    "END:VEVENT",
                ])
            }
        }
        for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rituals//ritualctl//EN", "CALSCALE:GREGORIAN"] {
            ics.line(line)
        }
        ics.line("METHOD:PUBLISH")
        ics.line("X-WR-CALNAME:Rituals")
        for name in timezones.keys.sorted() { for line in timezones[name] ?? [] { ics.line(line) } }
        for event in events { for line in event { ics.line(line) } }
        ics.line("END:VCALENDAR")
        FileHandle.standardOutput.write(Data(ics.text.utf8))
    }

    /// DTSTART, RRULE, RDATE and EXDATE lines for a ritual that can repeat as written, and the
    /// zone its times name; nil when its occurrences must be listed one by one.
    static func repeating(_ ritual: Ritual, occurrences: [Planner.Occurrence], now: Int, zone: Zone) -> (
        lines: [String], zone: Zone?
    )? {
        guard ritual.window == nil, ritual.skip.isEmpty, ritual.from == nil, ritual.until == nil,
            let first = occurrences.first
        else { return nil }
        // Nothing moved by quiet hours in the range shown.
        guard occurrences.allSatisfy({ $0.at == $0.scheduled }) else { return nil }
        var solver = WallClockSolver(zone: zone)
        let elapses = (try? ritual.schedule.nextElapses(after: now, count: occurrences.count, local: &solver)) ?? []
        guard elapses == occurrences.map(\.scheduled) else { return nil }
        let r: Recurrence
        switch ritual.schedule.form {
        case .recurrence(let given): r = given
        case .calendar(let spec):
            guard
                let found = CalendarRecurrence.recurrence(
                    for: spec, schedule: ritual.schedule, first: first.scheduled, zone: zone,
                    horizon: 400 * 86_400_000_000)
            else { return nil }
            r = found
        }
        guard !r.rules.isEmpty, r.rules.allSatisfy({ $0.until == nil || $0.untilIsUTC }), !r.dateOnly else {
            return nil
        }
        // DTSTART is an occurrence in RFC 5545: start at the first real one.
        guard let first = r.occurrences(after: (r.start - 86_400 * 400) * 1_000_000, count: 1).first else { return nil }
        let utc = r.anchor == .utc || r.zone.name == "UTC" || r.zone.name == "Etc/UTC"
        if !utc && ICalendarWriter.timezone(r.zone) == nil { return nil }
        func time(_ instantSeconds: Int) -> String {
            utc
                ? ICalendarWriter.basic(instantSeconds) + "Z"
                : ICalendarWriter.basic(instantSeconds + r.zone.kind(at: instantSeconds).offset)
        }
        let property = utc ? ":" : ";TZID=\(r.zone.name):"
        var lines = ["DTSTART" + property + time(first / 1_000_000)]
        lines += r.rules.map { "RRULE:" + $0.text }
        if !r.extraDates.isEmpty { lines.append("RDATE" + property + r.extraDates.map(time).joined(separator: ",")) }
        if !r.excludedDates.isEmpty {
            lines.append("EXDATE" + property + r.excludedDates.map(time).joined(separator: ","))
        }
        return (lines, utc ? nil : r.zone)
    }
}
