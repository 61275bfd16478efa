import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsControl
import RitualsCore

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

    @OptionGroup var config: ConfigOption

    /// An event lasts this long when its ritual names no duration.
    static let defaultLength = Duration.minutes(15)

    func validate() throws {
        guard format == "ics" else { throw ValidationError("Unknown format '\(format)'; the one format is ics.") }
        if let why = ControlLimits.refusal("--days", days, ControlLimits.agendaDays) {
            throw ValidationError(why + ".")
        }
    }

    func run() throws {
        let loaded = try config.load()
        let now = WallClock.now().truncatedToSecond
        let planner = Planner(config: loaded.config, zone: loaded.zone)
        let stamp = ICalendarWriter.utc(now)
        var events: [[String]] = []
        var timezones: [String: [String]] = [:]
        for ritual in loaded.config.rituals where ritual.enabled {
            let title = planner.title(of: ritual)
            let length = ICalendarWriter.duration(ritual.duration ?? ExportCommand.defaultLength)
            let occurrences = planner.occurrences(of: ritual, after: now, through: now + .days(days))
            let description = "A ritual kept by rituald (\(ritual.id))."
            if let repeating = planner.repeating(ritual, occurrences: occurrences, now: now)?.icalendarLines {
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
        var ics = ICalendarWriter()
        let header = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rituals//ritualctl//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:Rituals",
        ]
        for line in header { ics.line(line) }
        for name in timezones.keys.sorted() { for line in timezones[name] ?? [] { ics.line(line) } }
        for event in events { for line in event { ics.line(line) } }
        ics.line("END:VCALENDAR")
        StandardStream.output.write(Data(ics.text.utf8))
    }
}
