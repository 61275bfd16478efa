import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsCore

/// `ritualctl calendar`: next elapses of schedule expressions, offline.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show when schedule expressions elapse next, without the daemon.",
        discussion: """
            Each EXPR is a systemd calendar expression, an RFC 5545 recurrence (DTSTART and RRULE \
            lines, then optional RDATE and EXDATE lines) or the plain form "every N days|weeks|months \
            [on WEEKDAYS] [at HH:MM, ...] [from YYYY-MM-DD]". The human output follows \
            `systemd-analyze calendar`; --json prints one array with an object per EXPR. The exit \
            status is 1 when any EXPR is invalid.
            """
    )

    @Option(
        name: .customLong("base-time"),
        help: ArgumentHelp(
            "Compute elapses after this time instead of now: @EPOCH[.frac], ISO 8601, or 'YYYY-MM-DD HH:MM[:SS]' in the zone.",
            valueName: "T"))
    var baseTime: String?

    @Option(help: ArgumentHelp("How many elapses to show for each expression.", valueName: "N"))
    var iterations = 1

    @Option(
        name: .customLong("tz"),
        help: ArgumentHelp(
            "Time zone for expressions without one and for the output (default: $TZ, then /etc/localtime).",
            valueName: "ZONE"))
    var timezone: String?

    @Flag(help: "Print JSON: [{\"expression\", \"normalized\", \"timezone\", \"next\": [...]}].")
    var json = false

    @Argument(help: ArgumentHelp("Schedule expressions.", valueName: "EXPR"))
    var expressions: [String]

    /// The most elapses one call may ask for.
    static let maxIterations = 10_000_000

    func validate() throws {
        guard iterations >= 1 && iterations <= CalendarCommand.maxIterations else {
            throw ValidationError("--iterations must be between 1 and \(CalendarCommand.maxIterations).")
        }
        if let timezone, SystemZones.shared.zone(named: timezone) == nil {
            throw ValidationError(
                "Unknown time zone '\(timezone)'. Use an IANA name such as Europe/Berlin (see /usr/share/zoneinfo).")
        }
    }

    func run() throws {
        let zones = SystemZones.shared
        let local: Zone
        if let given = timezone.flatMap({ zones.zone(named: $0) }) {
            local = given
        } else {
            do {
                local = try zones.localZone()
            } catch {
                Terminal.error(Data("ritualctl: \(error); or give --timezone\n".utf8))
                throw ExitCode(1)
            }
        }
        let now = Microseconds.of(seconds: Date().timeIntervalSince1970)
        var base = now
        if let baseTime {
            guard let t = Timestamp.parse(baseTime, in: local) else {
                throw ValidationError(
                    "Cannot read --base-time '\(baseTime)'. Use @EPOCH, ISO 8601 (2026-12-04T19:00:00+01:00) or 'YYYY-MM-DD HH:MM'."
                )
            }
            base = t.microseconds
        }
        var report = CalendarReport(local: local, base: base, now: now, iterations: iterations, json: json)
        var failed = false
        for expression in expressions {
            do {
                let schedule = try Schedule(parsing: expression, zones: zones, local: local)
                try report.add(schedule)
            } catch {
                failed = true
                report.add(error: error, expression: expression)
            }
        }
        StandardStream.output.write(Data(report.bytes))
        if failed { throw ExitCode(1) }
    }
}
