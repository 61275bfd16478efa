import ArgumentParser
import Foundation
import RitualsConfig
import RitualsControl
import RitualsCore

/// `ritualctl next`: the agenda of the coming events, from rituald when it runs, else offline.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Show the coming ritual events (heads-ups, firings, session ends, reminders).",
        discussion: """
            When rituald runs, shows its live agenda (with skips, snoozes and pauses). Otherwise, or with \
            --offline, --config or --base-time, reads the config file (or the built-in rituals when there \
            is none) and lists what rituald would do. Each event comes with its prompt. The default is the \
            next 7 days.
            """
    )

    @Option(help: ArgumentHelp("Show the events of the next N days.", valueName: "N"))
    var days: Int?

    @Option(help: ArgumentHelp("Show the next N events.", valueName: "N"))
    var count: Int?

    @Option(help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/rituals/rituals.toml).", valueName: "FILE"))
    var config: String?

    @Option(
        name: .customLong("base-time"),
        help: ArgumentHelp(
            "Start from this time instead of now: @EPOCH, ISO 8601 or 'YYYY-MM-DD HH:MM'.", valueName: "T"))
    var baseTime: String?

    @Flag(help: "Print JSON: [{\"at\", \"ritual\", \"title\", \"kind\", \"prompt\"}] in time order.")
    var json = false

    @Flag(help: "Plan from the config file even when rituald runs.")
    var offline = false

    @OptionGroup var connection: DaemonConnection

    /// Longest agenda asked for at once.
    static let maxDays = 3660
    static let maxCount = 100_000
    static let defaultDays = 7

    func validate() throws {
        if days != nil && count != nil { throw ValidationError("Give --days or --count, not both.") }
        if let days, !(1...NextCommand.maxDays).contains(days) {
            throw ValidationError("--days must be between 1 and \(NextCommand.maxDays).")
        }
        if let count, !(1...NextCommand.maxCount).contains(count) {
            throw ValidationError("--count must be between 1 and \(NextCommand.maxCount).")
        }
    }

    func run() throws {
        if !offline && config == nil && baseTime == nil,
            let response = try? connection.client.send(ControlRequest(.next, count: count, days: days)), response.ok
        {
            let zone = Output.zone(response)
            let events = (response.events ?? []).compactMap { e in
                PlannedEvent.Kind(rawValue: e.kind).map {
                    PlannedEvent(
                        kind: $0, ritualID: e.ritual, title: e.title, at: e.at, occurrence: e.occurrence,
                        prompt: e.prompt)
                }
            }
            print(json ? NextCommand.json(events, zone: zone) : NextCommand.human(events, zone: zone), terminator: "")
            return
        }
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
        var base = Int(Date().timeIntervalSince1970 * 1_000_000)
        if let baseTime {
            guard let t = Timestamp.parse(baseTime, in: zone) else {
                throw ValidationError(
                    "Cannot read --base-time '\(baseTime)'. Use @EPOCH, ISO 8601 or 'YYYY-MM-DD HH:MM'.")
            }
            base = t
        }
        let planner = Planner(config: loaded, zone: zone)
        let span = (count == nil ? (days ?? NextCommand.defaultDays) : NextCommand.maxDays) * 86_400_000_000
        let events = planner.events(after: base, through: base + span, state: PlannerState(), limit: count ?? Int.max)
        print(json ? NextCommand.json(events, zone: zone) : NextCommand.human(events, zone: zone), terminator: "")
    }

    static func json(_ events: [PlannedEvent], zone: Zone) -> String {
        let items = events.map { e in
            JSONText.object([
                ("at", JSONText.string(Timestamp.iso8601(e.at, in: zone))), ("ritual", JSONText.string(e.ritualID)),
                ("title", JSONText.string(e.title)), ("kind", JSONText.string(e.kind.rawValue)),
                ("prompt", e.prompt.map(JSONText.string) ?? "null"),
            ])
        }
        return items.isEmpty ? "[]\n" : "[\n  " + items.joined(separator: ",\n  ") + "\n]\n"
    }

    static func human(_ events: [PlannedEvent], zone: Zone) -> String {
        if events.isEmpty { return "No ritual events in that time.\n" }
        let idWidth = events.map(\.ritualID.count).max() ?? 0
        let kindWidth = PlannedEvent.Kind.allCases.map(\.rawValue.count).max() ?? 0
        var out = ""
        for e in events {
            let id = e.ritualID.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let kind = e.kind.rawValue.padding(toLength: kindWidth, withPad: " ", startingAt: 0)
            out += "\(Timestamp.systemd(e.at, in: zone))  \(kind)  \(id)  \(e.title)\n"
            if let prompt = e.prompt, e.kind != .sessionEnd {
                out += String(repeating: " ", count: 29 + kindWidth + idWidth) + prompt + "\n"
            }
        }
        return out
    }
}
